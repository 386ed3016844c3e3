"""A plan's people pages: only its managers and administrators open them; adding, editing
and linking check what is typed field by field and lose nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from improvement.models import Person
from tests.factories import make_person, make_plan, make_user

ROLE_FIXTURES = ["officer", "alice", "director", "clerk", "other_manager"]


@pytest.fixture
def other_manager(db):
    """Olga manages another plan, not this one."""
    user = make_user("olga", "Officer")
    make_plan("theirs").managers.add(make_person("Olga Other", "OO", user=user))
    return user


def urls(plan, person) -> dict[str, str]:
    slug = plan.slug
    return {
        "plan_people": reverse("plan_people", args=[slug]),
        "person_add": reverse("person_add", args=[slug]),
        "person_edit": reverse("person_edit", args=[slug, person.pk]),
        "person_account": reverse("person_account", args=[slug, person.pk]),
        "person_leave": reverse("person_leave", args=[slug, person.pk]),
    }


@pytest.mark.parametrize("role", ["manager", "administrator"])
def test_managers_and_administrators_open_every_people_page(client, request, plan_setup, role):
    client.force_login(request.getfixturevalue(role))
    for name, url in urls(plan_setup.plan, plan_setup.own.lead_people[0]).items():
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize("role", ROLE_FIXTURES)
def test_everyone_else_is_refused_every_people_page(client, request, plan_setup, role):
    client.force_login(request.getfixturevalue(role))
    person = plan_setup.own.lead_people[0]
    before = list(Person.objects.values_list("pk", "name", "left_on", "user_id"))
    for name, url in urls(plan_setup.plan, person).items():
        assert client.get(url).status_code == 403, name
        data = {"action": "invite", "name": "Changed", "email": "x@example.gov.uk"}
        assert client.post(url, data).status_code == 403, name
    assert list(Person.objects.values_list("pk", "name", "left_on", "user_id")) == before


def test_the_people_tab_shows_to_managers_only(client, manager, director, plan_setup):
    url = reverse("plan_detail", args=[plan_setup.plan.slug])
    people = reverse("plan_people", args=[plan_setup.plan.slug])
    client.force_login(manager)
    assert f'href="{people}"' in client.get(url).text
    client.force_login(director)
    assert f'href="{people}"' not in client.get(url).text


def test_the_list_shows_what_each_leads_and_their_account(client, manager, alice, plan_setup):
    alice.last_login = "2026-01-05T10:00:00Z"
    alice.save()
    make_person("No Account", "NA")
    client.force_login(manager)
    response = client.get(reverse("plan_people", args=[plan_setup.plan.slug]))
    rows = {row.person.initials: row for row in response.context["rows"]}
    assert (rows["AL"].milestones, rows["AL"].open_milestones) == (1, 1)
    page = response.text
    assert "Leads 1 milestone (1 open)" in page
    assert "Last signed in 5 Jan 2026" in page
    assert "No account" in page


def test_adding_a_person(client, manager, plan_setup, council):
    plan_setup.plan.organisation = council
    plan_setup.plan.save()
    client.force_login(manager)
    url = reverse("person_add", args=[plan_setup.plan.slug])
    assert client.get(url).context["form"].initial["organisation"] == council.pk
    response = client.post(
        url,
        {
            "name": "Sam Merrick",
            "initials": "SMe",
            "role": "Head of Safeguarding",
            "email": "sam@example.gov.uk",
            "organisation": council.pk,
        },
    )
    assert response.status_code == 302
    sam = Person.objects.get(initials="SMe")
    assert (sam.name, sam.role, sam.email, sam.organisation) == (
        "Sam Merrick",
        "Head of Safeguarding",
        "sam@example.gov.uk",
        council,
    )
    assert sam.history.count() == 1


def test_bad_input_is_explained_field_by_field_and_kept(client, manager, plan_setup):
    client.force_login(manager)
    url = reverse("person_add", args=[plan_setup.plan.slug])
    response = client.post(
        url, {"name": "", "initials": "AL", "role": "Typed role", "email": "not-an-address"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["name"] == ["Enter the person's name"]
    assert errors["initials"] == ["Alice Lead has the initials AL already"]
    assert errors["email"] == ["Enter an e-mail address like name@council.gov.uk"]
    assert 'value="Typed role"' in response.text
    assert "There is a problem" in response.text


def test_an_address_another_account_has_is_refused(client, manager, plan_setup):
    client.force_login(manager)
    response = client.post(
        reverse("person_add", args=[plan_setup.plan.slug]),
        {"name": "Copy Cat", "email": "ALICE@example.gov.uk"},
    )
    assert response.context["form"].errors["email"] == ["Another account uses this e-mail address"]


def test_editing_records_the_change_in_the_history(client, manager, bob, plan_setup):
    client.force_login(manager)
    url = reverse("person_edit", args=[plan_setup.plan.slug, bob.person.pk])
    form = client.get(url).context["form"]
    data = {**form.initial, "role": "Service Manager", "organisation": ""}
    assert client.post(url, data).status_code == 302
    bob.person.refresh_from_db()
    assert bob.person.role == "Service Manager"
    page = client.get(url).text
    assert "Service Manager" in page and "mona" in page


def test_a_linked_persons_address_is_theirs_to_change(client, manager, bob, plan_setup):
    """A manager who could change it could send the account's reset links elsewhere."""
    client.force_login(manager)
    url = reverse("person_edit", args=[plan_setup.plan.slug, bob.person.pk])
    data = {**client.get(url).context["form"].initial, "email": "mine@example.com"}
    data["organisation"] = ""
    assert client.post(url, data).status_code == 302
    bob.person.refresh_from_db()
    bob.refresh_from_db()
    assert bob.email == "bob@example.gov.uk"
    assert bob.person.email != "mine@example.com"


def test_a_save_over_someone_elses_change_is_refused_and_keeps_what_was_typed(
    client, manager, bob, plan_setup
):
    client.force_login(manager)
    url = reverse("person_edit", args=[plan_setup.plan.slug, bob.person.pk])
    data = {**client.get(url).context["form"].initial, "organisation": ""}
    Person.objects.filter(pk=bob.person.pk).update(role="Changed meanwhile")
    response = client.post(url, {**data, "role": "Mine"})
    assert response.status_code == 409
    assert "Someone else changed Bob Other" in response.text
    assert "Changed meanwhile" in response.text and 'value="Mine"' in response.text
    assert Person.objects.get(pk=bob.person.pk).role == "Changed meanwhile"
    # Saving again, having seen the change, goes through.
    again = {**data, "role": "Mine", "loaded": response.context["reloaded"]}
    assert client.post(url, again).status_code == 302
    assert Person.objects.get(pk=bob.person.pk).role == "Mine"


def test_linking_an_existing_account(client, manager, plan_setup):
    person = make_person("Nina New", "NN")
    user = make_user("nina", email="nina@example.gov.uk")
    client.force_login(manager)
    url = reverse("person_account", args=[plan_setup.plan.slug, person.pk])
    response = client.post(url, {"action": "link", "account": "NINA@example.gov.uk"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user == user
    assert person.email == "nina@example.gov.uk"
    assert (
        "Linked to the account nina"
        in client.get(reverse("person_edit", args=[plan_setup.plan.slug, person.pk])).text
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the user name or e-mail address of their account"),
        ("nobody", "No account has that user name or e-mail address"),
        ("alice", "That account is already linked to Alice Lead: an account belongs to one person"),
        ("gone", "That account is deactivated: ask an administrator"),
    ],
)
def test_linking_refuses_what_cannot_be_linked(client, manager, plan_setup, typed, message):
    make_user("gone", is_active=False)
    person = make_person("Nina New", "NN")
    client.force_login(manager)
    url = reverse("person_account", args=[plan_setup.plan.slug, person.pk])
    response = client.post(url, {"action": "link", "account": typed})
    assert response.status_code == 200
    assert response.context["link_form"].errors["account"] == [message]
    assert message in response.text
    person.refresh_from_db()
    assert person.user is None


def test_unlinking_keeps_the_account(client, manager, bob, plan_setup):
    client.force_login(manager)
    url = reverse("person_account", args=[plan_setup.plan.slug, bob.person.pk])
    assert client.post(url, {"action": "unlink"}).status_code == 302
    bob.person.refresh_from_db()
    assert bob.person.user is None
    assert get_user_model().objects.get(pk=bob.pk).is_active


def test_current_people_come_first_then_those_who_left(client, manager, plan_setup):
    from datetime import date

    make_person("Aaron Early", "AE", left_on=date(2025, 1, 1))
    make_person("Abel Later", "ABL", left_on=date(2026, 1, 1))
    client.force_login(manager)
    rows = client.get(reverse("plan_people", args=[plan_setup.plan.slug])).context["rows"]
    names = [row.person.name for row in rows]
    assert names == ["Alice Lead", "Bob Other", "Mona Manager", "Abel Later", "Aaron Early"]


def test_a_plan_with_an_organisation_needs_one_for_its_people(client, manager, plan_setup, council):
    plan_setup.plan.organisation = council
    plan_setup.plan.save()
    client.force_login(manager)
    response = client.post(
        reverse("person_add", args=[plan_setup.plan.slug]), {"name": "No Where", "organisation": ""}
    )
    assert response.context["form"].errors["organisation"] == ["Choose the person's organisation"]
