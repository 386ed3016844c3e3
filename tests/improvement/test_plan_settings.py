"""The plan settings and members pages: managers change them, every change is recorded and
shown, bad input is told field by field, a save on top of someone else's is refused."""

from datetime import date

import pytest
from django.urls import reverse

from improvement import roles
from improvement.models import Organisation, PlanMember
from improvement.planadmin.views import latest_change
from recommendations.permissions import can_update_milestone
from tests.factories import make_person, make_user


@pytest.fixture
def partner(db):
    return Organisation.objects.create(name="Herefordshire Primary Care Trust")


def settings_url(plan):
    return reverse("plan_settings", kwargs={"slug": plan.slug})


def members_url(plan):
    return reverse("plan_members", kwargs={"slug": plan.slug})


def valid(council, **changes):
    data = {
        "title": "Children's services improvement plan",
        "organisation": str(council.pk),
        "starts_on": "01/04/2026",
        "ends_on": "2027-03-31",
        "reporting_cycle_days": "30",
        "description": "After the 2026 inspection.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_manager_saves_the_settings_and_sees_them_in_the_history(
    client, plan_setup, manager, council, partner
):
    plan = plan_setup.plan
    client.force_login(manager)
    assert "no organisation yet" in client.get(settings_url(plan)).text
    data = valid(
        council,
        partners=[str(partner.pk)],
        restricted="on",
        completion_sign_off="on",
        seen=str(latest_change(plan)),
    )
    response = client.post(settings_url(plan), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.organisation == council and list(plan.partners.all()) == [partner]
    assert (plan.starts_on, plan.ends_on) == (date(2026, 4, 1), date(2027, 3, 31))
    assert (plan.reporting_cycle_days, plan.restricted, plan.completion_sign_off) == (
        30,
        True,
        True,
    )
    page = client.get(settings_url(plan)).text
    assert "Mona Manager" in page or "mona" in page
    assert "Herefordshire Primary Care Trust" in page  # partners, by name, in the history
    assert "Restricted" in page and "Reporting cycle" in page
    assert "no organisation yet" not in page


def test_bad_input_is_told_field_by_field_and_nothing_is_saved(
    client, plan_setup, manager, council
):
    plan = plan_setup.plan
    client.force_login(manager)
    data = valid(
        council,
        title="",
        organisation="",
        ends_on="2025-01-01",
        starts_on="2026-01-01",
        reporting_cycle_days="0",
        description="Kept as typed",
    )
    data["partners"] = ["999999"]
    response = client.post(settings_url(plan), data)
    assert response.status_code == 400
    page = response.text
    for message in (
        "Enter the plan&#x27;s title",
        "Choose the organisation that owns the plan",
        "Enter an end date on or after the start date",
        "Enter a reporting cycle of at least 1 day",
        "Choose partner organisations from the list",
    ):
        assert message in page, message
    assert "Kept as typed" in page
    plan.refresh_from_db()
    assert plan.title == "Children's services improvement plan" and plan.organisation is None


def test_the_owner_cannot_also_be_a_partner(client, plan_setup, manager, council):
    client.force_login(manager)
    response = client.post(
        settings_url(plan_setup.plan), valid(council, partners=[str(council.pk)])
    )
    assert response.status_code == 400
    assert "owns the plan: untick it as a partner organisation" in response.text


def test_a_save_on_top_of_someone_elses_is_refused_and_loses_nothing(
    client, plan_setup, manager, administrator, council
):
    plan = plan_setup.plan
    client.force_login(manager)
    form = client.get(settings_url(plan)).context["form"]
    seen = form["seen"].value()
    # Ada saves first.
    client.force_login(administrator)
    assert (
        client.post(settings_url(plan), valid(council, title="Ada's title", seen=seen)).status_code
        == 302
    )
    client.force_login(manager)
    response = client.post(settings_url(plan), valid(council, title="Mona's title", seen=seen))
    assert response.status_code == 409
    assert "Someone else changed these settings" in response.text
    assert "Mona&#x27;s title" in response.text  # what she typed is still in the form
    plan.refresh_from_db()
    assert plan.title == "Ada's title"
    # Saving again, having seen Ada's change, works.
    again = response.context["form"]["seen"].value()
    assert (
        client.post(
            settings_url(plan), valid(council, title="Mona's title", seen=again)
        ).status_code
        == 302
    )


@pytest.mark.parametrize("who", ["alice", "bob", "officer", "director", "clerk"])
def test_only_managers_open_the_pages(client, plan_setup, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(settings_url(plan_setup.plan)).status_code == 403
    assert client.get(members_url(plan_setup.plan)).status_code == 403


def test_the_settings_tab_is_shown_to_managers_only(client, plan_setup, manager, alice):
    url = reverse("plan_detail", kwargs={"slug": plan_setup.plan.slug})
    client.force_login(manager)
    assert settings_url(plan_setup.plan) in client.get(url).text
    client.force_login(alice)
    assert settings_url(plan_setup.plan) not in client.get(url).text


def test_a_manager_adds_changes_and_removes_members_each_recorded(
    client, plan_setup, manager, officer, council
):
    plan = plan_setup.plan
    plan.organisation = council
    plan.save()
    olivia = officer.person
    client.force_login(manager)
    page = client.get(members_url(plan))
    assert "Mona Manager" in page.text  # named in Plan.managers
    response = client.post(
        members_url(plan), {"action": "add", "person": olivia.pk, "role": "contributor"}
    )
    assert response.status_code == 302
    assert PlanMember.objects.get(plan=plan, person=olivia).role == "contributor"
    assert can_update_milestone(officer, plan_setup.other)  # contributors update any

    client.post(members_url(plan), {"action": "role", "person": olivia.pk, "role": "manager"})
    assert plan.managers.filter(pk=olivia.pk).exists()
    client.post(members_url(plan), {"action": "role", "person": olivia.pk, "role": "remove"})
    assert not PlanMember.objects.filter(plan=plan, person=olivia).exists()
    assert not plan.managers.filter(pk=olivia.pk).exists()

    history = client.get(members_url(plan)).context["changes"]
    assert [c.what for c in history] == ["Member removed", "Role changed", "Member added"]
    assert history[1].old == "Olivia Officer: Contributor" and history[1].new == "Manager"
    assert {c.who for c in history} == {"mona"}


def test_the_picker_offers_only_the_plans_organisations(client, plan_setup, manager, council):
    plan = plan_setup.plan
    plan.organisation = council
    plan.save()
    elsewhere = make_person("Sam South", organisation=Organisation.objects.create(name="South"))
    client.force_login(manager)
    people = client.get(members_url(plan)).context["add_form"].fields["person"].queryset
    assert elsewhere not in people and manager.person in people
    response = client.post(
        members_url(plan), {"action": "add", "person": elsewhere.pk, "role": "viewer"}
    )
    assert response.status_code == 400
    assert "Choose a person from the list" in response.text
    assert not PlanMember.objects.filter(person=elsewhere).exists()


def test_a_person_not_on_the_plan_cannot_be_given_a_role(client, plan_setup, manager):
    client.force_login(manager)
    stranger = make_person("Stranger")
    response = client.post(
        members_url(plan_setup.plan), {"action": "role", "person": stranger.pk, "role": "viewer"}
    )
    assert response.status_code == 404
    assert not PlanMember.objects.filter(person=stranger).exists()


def test_another_councils_director_is_not_told_the_pages_exist(client, plan_setup, council):
    plan = plan_setup.plan
    plan.organisation = council
    plan.save()
    director = make_user("sam", roles.DIRECTOR)
    make_person("Sam", user=director, organisation=Organisation.objects.create(name="South"))
    client.force_login(director)
    assert client.get(settings_url(plan)).status_code == 404
    assert client.get(members_url(plan)).status_code == 404
