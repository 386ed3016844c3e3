"""Who may enter an indicator's figures: its owner and the plan's managers (administrators
manage every plan). Everyone signed in reads; everyone else gets 403; nobody signed out gets
in."""

import pytest
from django.urls import reverse

from indicators.models import Measurement
from tests.indicators.conftest import make_indicator

# alice owns the indicator; bob is an officer with a lead of his own; olivia ("officer") is an
# officer with none; mona ("manager") manages the plan; ada administers.
USERS = ["alice", "bob", "officer", "director", "clerk", "administrator", "manager"]
ALLOWED = {"alice", "manager", "administrator"}


@pytest.fixture
def login(client, request):
    def login_as(name):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return login_as


def urls(setup) -> dict[str, str]:
    slug, ref = setup.plan.slug, setup.indicator.ref
    return {
        "create": reverse("indicator_measurement_create", args=[slug, ref]),
        "update": reverse("indicator_measurement_update", args=[slug, ref, setup.march.pk]),
    }


def post_data(view: str) -> dict[str, str]:
    if view == "create":
        return {"period": "Sept 06", "actual": "81", "target": "80"}
    return {"period": "March 06", "actual": "77", "target": "80", "reason": "Audited"}


@pytest.mark.parametrize("who", USERS)
def test_everyone_signed_in_reads_the_table_and_the_page(indicator_setup, login, who):
    client = login(who)
    assert client.get(reverse("indicator_list", args=["improve"])).status_code == 200
    assert client.get(indicator_setup.indicator.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("view", ["create", "update"])
def test_the_form_opens_only_for_the_owner_and_managers(indicator_setup, login, who, view):
    response = login(who).get(urls(indicator_setup)[view])
    assert response.status_code == (200 if who in ALLOWED else 403)


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("view", ["create", "update"])
def test_figures_are_saved_only_for_the_owner_and_managers(indicator_setup, login, who, view):
    response = login(who).post(urls(indicator_setup)[view], post_data(view))
    allowed = who in ALLOWED
    assert response.status_code == (302 if allowed else 403)
    actuals = set(Measurement.objects.values_list("actual", flat=True))
    if view == "create":
        assert ("81" in actuals) is allowed
    else:
        assert ("77" in actuals) is allowed
        assert ("76" in actuals) is not allowed


@pytest.mark.parametrize("who", USERS)
def test_the_add_button_shows_only_to_those_who_may_use_it(indicator_setup, login, who):
    page = login(who).get(indicator_setup.indicator.get_absolute_url()).text
    assert ("Add figures for a period" in page) is (who in ALLOWED)
    assert (">Correct<" in page) is (who in ALLOWED)


@pytest.mark.parametrize("view", ["create", "update"])
def test_anonymous_users_are_sent_to_log_in_and_nothing_is_saved(indicator_setup, client, view):
    url = urls(indicator_setup)[view]
    for response in (client.get(url), client.post(url, post_data(view))):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert set(Measurement.objects.values_list("actual", flat=True)) == {"76", "79"}


def test_anonymous_users_cannot_read_the_table(indicator_setup, client):
    response = client.get(reverse("indicator_list", args=["improve"]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_owner_of_one_indicator_cannot_enter_anothers(indicator_setup, login):
    other = make_indicator(indicator_setup.plan, "NI 60")
    url = reverse("indicator_measurement_create", args=["improve", other.ref])
    assert login("alice").get(url).status_code == 403


def test_a_manager_of_another_plan_cannot_enter_this_ones(indicator_setup, login):
    indicator_setup.plan.managers.clear()
    assert login("manager").get(urls(indicator_setup)["create"]).status_code == 403


def test_an_owner_who_is_a_director_may_enter_their_own_figures(indicator_setup, director, client):
    """Owning a PI is the assignment: unlike a milestone's lead, any role may own one."""
    indicator_setup.indicator.owner = director.person
    indicator_setup.indicator.save()
    client.force_login(director)
    assert client.get(urls(indicator_setup)["create"]).status_code == 200
