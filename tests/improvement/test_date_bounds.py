"""Every date a user can ask for lies between 1990 and 2100, with a clear message otherwise:
a far date must never become a 500 (9999-12-31 plus a fortnight overflows the date type)."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from improvement.demo import SLUG

FAR = "9999-12-31"
MESSAGE = "Enter a date between 1990 and 2100, not 31/12/9999"


@pytest.mark.parametrize(
    "name",
    [
        "plan_dashboard",
        "plan_detail",
        "milestone_list",
        "indicator_list",
        "risk_list",
    ],
)
def test_a_far_as_at_on_a_plan_page_is_an_error_message(client, director, demo, name):
    client.force_login(director)
    response = client.get(reverse(name, args=[SLUG]), {"as_at": FAR})
    assert response.status_code == 200
    assert MESSAGE in response.text


@pytest.mark.parametrize("as_at", [FAR, "1989-12-31", "0001-01-01"])
def test_the_portfolio_refuses_a_far_as_at(client, director, demo, as_at):
    client.force_login(director)
    response = client.get("/", {"as_at": as_at})
    assert response.status_code == 200
    assert "Enter a date between 1990 and 2100" in response.text


def test_dates_at_the_bounds_are_accepted(client, director, demo):
    client.force_login(director)
    for as_at in ["1990-01-01", "2100-12-31"]:
        response = client.get(reverse("plan_dashboard", args=[SLUG]), {"as_at": as_at})
        assert response.status_code == 200
        assert "Enter a date between" not in response.text


@pytest.mark.parametrize(
    "query, message",
    [
        ({"as_at": FAR}, "as_at must be between 1990-01-01 and 2100-12-31"),
    ],
)
def test_the_api_answers_400_for_a_far_date(client, director, demo, query, message):
    client.force_login(director)
    response = client.get(reverse("api_summary", args=[SLUG]), query)
    assert response.status_code == 400
    assert message in response.json()["error"]


@pytest.mark.parametrize("query", [{"from": "9999-01"}, {"to": "9999-12"}, {"from": "1066-10"}])
def test_timeline_months_are_bounded(client, director, demo, query):
    client.force_login(director)
    page = client.get(reverse("plan_timeline", args=[SLUG]), query)
    assert page.status_code == 400  # as for any month it cannot show
    assert "Give a month between 1990-01 and 2100-12" in page.text
    api = client.get(reverse("api_timeline", args=[SLUG]), query)
    assert api.status_code == 400
    assert "Give a month between 1990-01 and 2100-12" in api.json()["error"]


def test_the_commands_refuse_a_far_as_at(demo, tmp_path):
    with pytest.raises(CommandError, match="between 1990-01-01 and 2100-12-31"):
        call_command("export_plan", SLUG, str(tmp_path), "--as-at", FAR)


def test_a_far_revised_due_date_is_a_field_error(client, plan_setup, alice):
    milestone = plan_setup.own
    client.force_login(alice)
    url = reverse("milestone_update", args=[milestone.recommendation.plan.slug, milestone.pk])
    response = client.post(
        url,
        {
            "status": "on_track",
            "as_at": "2026-06-01",
            "revised_due_date": FAR,
            "revision_reason": "Far away",
            "version": milestone.version,
        },
    )
    assert response.status_code == 200
    assert MESSAGE in response.text
    assert not milestone.updates.exists()
