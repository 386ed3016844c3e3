"""Every list answers in a fixed number of queries, whatever the plan's size: the same at 10
and at 2,000 milestones, as JSON pages and as CSV."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from improvement import roles
from improvement.models import ApiToken
from improvement.refs import natural_sort_key
from indicators.models import Indicator, Measurement
from recommendations.models import Milestone, MilestoneLead, Recommendation, StatusUpdate
from risks.models import Risk
from tests.factories import make_person, make_plan, make_recommendation, make_user

# With a token, each request first finds the token and stamps its use (2 queries) and reads
# the user's roles (1: a director reads their own council's restricted plans too), then:
QUERIES = {
    # count, page; then the portfolio's figures: milestones, recommendations, PI figures and
    # PIs, risks.
    "/api/plans/": 3 + 2 + 5,
    # the plan, count, page, leads.
    "/api/plans/big/milestones/": 3 + 4,
    # the plan, count, page, figures, linked recommendations.
    "/api/plans/big/indicators/": 3 + 5,
    # the plan, count, page, linked recommendations.
    "/api/plans/big/risks/": 3 + 4,
    # the plan, one page after the cursor.
    "/api/plans/big/updates/": 3 + 2,
}


def build_plan(milestones: int):
    """A plan with `milestones` milestones (ten a recommendation), each with a lead and an
    update, and a PI with two figures and a risk for every ten milestones."""
    plan = make_plan("big", title="A big plan")
    first = make_recommendation(plan, "1")
    recs = [first] + Recommendation.objects.bulk_create(
        Recommendation(
            plan=plan, theme=first.theme, ref=str(n), ref_sort=natural_sort_key(str(n)), text="R"
        )
        for n in range(2, milestones // 10 + 1)
    )
    rows = Milestone.objects.bulk_create(
        Milestone(
            recommendation=rec,
            ref=str(n),
            ref_sort=natural_sort_key(str(n)),
            text=f"Milestone {n}",
            due_date=date(2024, 1, 1) + timedelta(days=n),
        )
        for rec in recs
        for n in range(1, 11)
    )
    lead = make_person("Linda Maden", "LM")
    MilestoneLead.objects.bulk_create(MilestoneLead(milestone=m, person=lead) for m in rows)
    StatusUpdate.objects.bulk_create(
        StatusUpdate(milestone=m, status="on_track", as_at=date(2024, 1, 1)) for m in rows
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(plan=plan, ref=f"PI {n}", ref_sort=natural_sort_key(f"PI {n}"), definition="D")
        for n in range(len(recs))
    )
    Measurement.objects.bulk_create(
        Measurement(indicator=i, period=p, period_end=end, actual="5", actual_number=5)
        for i in indicators
        for p, end in (("Jan 2024", date(2024, 1, 31)), ("Feb 2024", date(2024, 2, 29)))
    )
    Risk.objects.bulk_create(
        Risk(plan=plan, ref=f"R{n}", ref_sort=natural_sort_key(f"R{n}"), likelihood=2, severity=3)
        for n in range(len(recs))
    )
    return plan


def counts(client, token) -> dict[str, int]:
    found = {}
    for url in QUERIES:
        for params in ({"page_size": "500", "as_at": "2024-06-30"}, {"format": "csv"}):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, params, headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 200, (url, response.content[:200])
            found[url, params.get("format", "json")] = len(queries)
    return found


@pytest.mark.parametrize("size", [10, 2000])
def test_queries_do_not_grow_with_the_plan(client, db, size):
    plan = build_plan(size)
    assert Milestone.objects.filter(recommendation__plan=plan).count() == size
    _, token = ApiToken.issue(make_user("dan", roles.DIRECTOR), "Power BI")
    found = counts(client, token)
    for url, expected in QUERIES.items():
        assert found[url, "json"] == expected, url
        # A CSV has every item and no count: one query fewer, wherever there is a count.
        assert found[url, "csv"] == expected - (url != "/api/plans/big/updates/"), url


def test_a_page_of_a_large_plan_holds_500_and_links_on(client, db):
    build_plan(2000)
    _, token = ApiToken.issue(make_user("dan", roles.DIRECTOR), "Power BI")
    auth = {"Authorization": f"Bearer {token}"}
    data = client.get("/api/plans/big/milestones/", {"page_size": "500"}, headers=auth).json()
    assert (len(data["results"]), data["count"]) == (500, 2000)
    assert "page=2" in data["next"]
    feed = client.get("/api/plans/big/updates/", {"page_size": "500"}, headers=auth).json()
    assert len(feed["results"]) == 500 and "cursor=" in feed["next"]
