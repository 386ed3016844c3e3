"""The RAG timeline: each recommendation's roll-up at every month end, in the page and the API."""

import csv
from datetime import date

import pytest
from django.urls import reverse

from improvement.demo import DEMO_DIR, SLUG
from recommendations.timeline import (
    MAX_MONTHS,
    BadMonth,
    default_months,
    months_between,
    parse_month,
)


@pytest.mark.parametrize(
    ("text", "first_day"),
    [
        ("2006-01", date(2006, 1, 1)),
        ("2006-12", date(2006, 12, 1)),
        (" 2010-03 ", date(2010, 3, 1)),
    ],
)
def test_parse_month(text, first_day):
    assert parse_month(text) == first_day


@pytest.mark.parametrize("text", ["2006-13", "2006-00", "2006-1", "Jan 2006", "", "2006-01-31"])
def test_parse_month_refuses_other_forms(text):
    with pytest.raises(BadMonth, match="YYYY-MM"):
        parse_month(text)


def test_months_between():
    months = months_between(date(2005, 11, 1), date(2006, 2, 1))
    assert months == [date(2005, 11, 1), date(2005, 12, 1), date(2006, 1, 1), date(2006, 2, 1)]
    with pytest.raises(BadMonth, match="before the first"):
        months_between(date(2006, 2, 1), date(2006, 1, 1))
    with pytest.raises(BadMonth, match="at most 60 months"):
        months_between(date(2000, 1, 1), date(2006, 1, 1))


def timeline_cells():
    with open(DEMO_DIR / "timeline.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


STATUS_OF = {"On track": "on_track", "Completed": "complete"}


def test_the_api_reproduces_every_cell_of_the_plans_own_timeline(client, director, demo):
    client.force_login(director)
    data = client.get(f"/api/plans/{SLUG}/timeline/?from=2006-01&to=2006-12").json()
    assert data["plan"] == SLUG
    assert data["months"] == [f"2006-{m:02d}" for m in range(1, 13)]
    statuses = {rec["ref"]: rec["statuses"] for rec in data["recommendations"]}
    assert len(statuses) == 17
    for cell in timeline_cells():
        assert statuses[cell["recommendation_ref"]][cell["month"]] == STATUS_OF[cell["status"]]
    first = data["recommendations"][0]
    assert (first["ref"], first["theme"]) == ("1", "Stay Safe")


def test_the_page_reproduces_every_cell_of_the_plans_own_timeline(client, director, demo):
    client.force_login(director)
    page = client.get(f"/plans/{SLUG}/timeline/?from=2006-01&to=2006-12").text
    for cell in timeline_cells():
        start = page.index(f'id="timeline-{cell["recommendation_ref"]}"')
        row = page[start : page.index("</tr>", start)]
        cells = row.split('class="govuk-table__cell app-timeline__cell"')[1:]
        month = int(cell["month"][-2:])
        assert f'data-status="{STATUS_OF[cell["status"]]}"' in cells[month - 1]
    assert "On track</span>" in page  # the full word, for screen readers
    assert '<span aria-hidden="true">OT</span>' in page


def test_the_timeline_defaults_to_the_plans_span(client, director, demo):
    client.force_login(director)
    page = client.get(f"/plans/{SLUG}/timeline/").text
    assert 'value="2006-01"' in page and 'value="2006-12"' in page


def test_months_that_have_not_ended_are_blank(client, director, db):
    from tests.factories import make_milestone, make_plan, make_recommendation

    plan = make_plan("now")
    make_milestone(make_recommendation(plan, "1"), "1")
    today = date.today()
    this_month = f"{today:%Y-%m}"
    client.force_login(director)
    data = client.get(f"/api/plans/now/timeline/?from={this_month}&to={this_month}").json()
    assert data["recommendations"][0]["statuses"] == {}


def test_a_bad_month_is_explained_on_the_page(client, director, demo):
    client.force_login(director)
    response = client.get(f"/plans/{SLUG}/timeline/?from=2006-13")
    assert response.status_code == 400
    assert "Give months as YYYY-MM" in response.text
    assert 'value="2006-01"' in response.text  # the plan's span is shown instead


def test_the_timeline_link_is_in_the_plan_navigation(client, director, demo):
    client.force_login(director)
    page = client.get(reverse("plan_detail", args=[SLUG])).text
    assert f'href="/plans/{SLUG}/timeline/"' in page


def test_a_plan_longer_than_the_limit_shows_its_last_months_by_default():
    """A county's plan can run for years: its page must open (it once answered 500)."""
    from improvement.models import Plan

    plan = Plan(starts_on=date(2015, 4, 1), ends_on=date(2026, 3, 31))
    first, last = default_months(plan, date(2026, 11, 23))
    assert (first, last) == (date(2021, 4, 1), date(2026, 3, 1))
    assert len(months_between(first, last)) == MAX_MONTHS
