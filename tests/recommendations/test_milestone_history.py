"""Changes to a milestone's own fields and leads are recorded with who and when, and shown."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import make_person


def admin_form_data(response):
    """The admin change form's current values, as the browser would post them back."""
    data = {}
    for form in [response.context["adminform"].form] + [
        f for inline in response.context["inline_admin_formsets"] for f in inline.formset
    ]:
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            data[form.add_prefix(name)] = value if not isinstance(value, bool) else "on"
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return {k: v for k, v in data.items() if v is not False}


@pytest.fixture
def edited(plan_setup, administrator, client):
    milestone = plan_setup.own
    client.force_login(administrator)
    url = reverse("admin:recommendations_milestone_change", args=[milestone.pk])
    data = admin_form_data(client.get(url))
    data["text"] = "Publish the revised threshold booklet"
    data["due_date"] = "2030-07-31"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    milestone.refresh_from_db()
    return milestone


def test_an_admin_edit_is_recorded_with_who_and_when(edited, administrator):
    assert edited.text == "Publish the revised threshold booklet"
    latest = edited.history.latest()
    assert latest.history_user == administrator
    assert latest.history_date.date() == date.today()


def test_the_milestone_page_shows_each_change(edited, client):
    page = client.get(edited.get_absolute_url()).text
    changes = page[page.index("Changes to the milestone") :]
    assert "ada" in changes
    assert "Milestone 1" in changes and "Publish the revised threshold booklet" in changes
    assert "30 Jun 2030" in changes and "31 Jul 2030" in changes


def test_leads_added_later_are_shown(plan_setup, client, director):
    newcomer = make_person("New Lead", "NL")
    plan_setup.own.lead_links.create(person=newcomer, order=1)
    client.force_login(director)
    page = client.get(plan_setup.own.get_absolute_url()).text
    assert "Lead added" in page and ">NL<" in page


def test_status_updates_are_not_milestone_changes(plan_setup, client, alice):
    from improvement.status import Status
    from recommendations.services import record_status_update

    record_status_update(plan_setup.own, status=Status.ON_TRACK, as_at=date(2026, 1, 1))
    assert plan_setup.own.history.count() == 1  # only its creation
