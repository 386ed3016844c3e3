"""The Django admin: administrators only (the role, not is_staff), and every choice of a
plan's thing names its plan."""

import json

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory

from improvement import roles
from improvement.admin_site import plan_label, plan_path
from indicators.models import Indicator
from recommendations.models import Outcome
from risks.models import Risk
from tests.factories import make_milestone, make_plan, make_recommendation, make_user


@pytest.fixture
def two_plans(plan_setup):
    """Two plans that each have a recommendation 1, a PI and a risk."""
    other = make_plan("other", title="Other council's plan")
    rec = make_recommendation(other, "1", text="Improve the timeliness of initial assessments")
    make_milestone(rec, "1")
    for plan in (plan_setup.plan, other):
        Outcome.objects.create(recommendation=plan.recommendations.get(), text="Children safe")
        Indicator.objects.create(plan=plan, ref="NI 59", definition="Initial assessments")
        Risk.objects.create(plan=plan, ref="R1", description="Staff leave")
    return plan_setup.plan, other


@pytest.mark.parametrize("role", [roles.DIRECTOR, roles.CLERK, roles.OFFICER])
@pytest.mark.parametrize("url", ["/admin/", "/admin/recommendations/recommendation/"])
def test_staff_without_the_administrator_role_get_no_admin(client, db, role, url):
    user = make_user(f"staff-{role.lower()}", role, is_staff=True)
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 403


def test_an_administrator_uses_the_admin(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/recommendations/recommendation/").status_code == 200


def test_a_staff_superuser_switched_off_gets_no_admin(client, administrator):
    administrator.is_active = False
    administrator.save()
    client.force_login(administrator)
    response = client.get("/admin/")
    assert response.status_code == 302  # signed out by being switched off: to the log-in page


def test_the_header_links_the_admin_for_administrators_only(client, administrator, db):
    staff_director = make_user("staffdan", roles.DIRECTOR, is_staff=True)
    client.force_login(staff_director)
    assert "Administration</a>" not in client.get("/").content.decode()
    client.force_login(administrator)
    assert "Administration</a>" in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("model_name", "path"),
    [
        ("improvement.Theme", "plan"),
        ("recommendations.Recommendation", "plan"),
        ("recommendations.Outcome", "recommendation__plan"),
        ("recommendations.Milestone", "recommendation__plan"),
        ("recommendations.MilestoneLead", "milestone__recommendation__plan"),
        ("indicators.Indicator", "plan"),
        ("risks.Risk", "plan"),
        ("improvement.Person", None),
        ("improvement.Plan", None),
    ],
)
def test_plan_path(model_name, path):
    from django.apps import apps

    assert plan_path(apps.get_model(model_name)) == path


def test_the_recommendation_drop_down_names_the_plan(client, administrator, two_plans):
    ours, other = two_plans
    client.force_login(administrator)
    page = client.get("/admin/recommendations/milestone/add/").content.decode()
    assert f"{ours.title}: Recommendation 1 —" in page.replace("&#x27;", "'")
    assert f"{other.title}: Recommendation 1 — Improve the timeliness" in page.replace(
        "&#x27;", "'"
    )


def test_the_autocomplete_names_the_plan(client, administrator, two_plans):
    """The PI's recommendation links and the risk's recommendations are autocompletes."""
    ours, other = two_plans
    client.force_login(administrator)
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "risks",
            "model_name": "risk",
            "field_name": "recommendations",
            "term": "",
        },
    )
    texts = [row["text"] for row in json.loads(response.content)["results"]]
    assert any(text.startswith(f"{ours.title}: Recommendation 1") for text in texts)
    assert any(text.startswith(f"{other.title}: Recommendation 1") for text in texts)


def choice_fields(model_admin, request, obj=None):
    """Every ModelChoiceField of the admin's form and of its inlines' forms."""
    form = model_admin.get_form(request, obj)
    fields = list(form.base_fields.items())
    for inline in model_admin.get_inline_instances(request, obj):
        formset = inline.get_formset(request, obj)
        fields += list(formset.form.base_fields.items())
    return [
        (name, field)
        for name, field in fields
        if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField)
    ]


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_admin_choice_of_a_plans_thing_names_its_plan(
    model, administrator, two_plans, django_assert_max_num_queries
):
    request = RequestFactory().get("/admin/")
    request.user = administrator
    model_admin = admin.site._registry[model]
    for name, field in choice_fields(model_admin, request):
        if plan_path(field.queryset.model) is None:
            continue
        choices = list(field.queryset[:50])
        # The labels cost no query each: the plan is loaded with the choices.
        with django_assert_max_num_queries(1):
            labels = [label for _, label in field.choices]
        assert len(labels) >= len(choices), name
        for obj in choices:
            assert plan_label(obj).startswith(obj_plan_title(obj)), name
        named = [label for label in labels if label and not str(label).startswith("-")]
        assert named, f"{model._meta.label}.{name} offers nothing to check"
        titles = {ours.title for ours in two_plans}
        assert all(any(str(label).startswith(t) for t in titles) for label in named), (
            f"{model._meta.label}.{name}: {named[:3]}"
        )


def obj_plan_title(obj):
    from improvement.admin_site import plan_of

    return plan_of(obj).title
