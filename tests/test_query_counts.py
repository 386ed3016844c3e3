"""Every list, dashboard and API endpoint makes the same number of queries for a plan of 10
milestones as for one of 2,000: the figures are computed in bulk, never one query per row."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from improvement.models import Person
from improvement.status import Status
from recommendations.models import Milestone, MilestoneLead, StatusUpdate
from tests.factories import make_plan, make_recommendation


def build(slug: str, milestones: int) -> None:
    """A plan of `milestones` milestones in 5 recommendations, each with two leads and two
    status updates; built in bulk so the test stays quick."""
    plan = make_plan(slug, starts_on=date(2006, 1, 1), ends_on=date(2006, 12, 31))
    people = [
        Person.objects.get_or_create(initials=f"P{n}", defaults={"name": f"Person {n}"})[0]
        for n in range(4)
    ]
    recs = [make_recommendation(plan, str(r), theme=f"Theme {r % 2}") for r in range(1, 6)]
    rows = Milestone.objects.bulk_create(
        Milestone(
            recommendation=recs[n % 5],
            ref=str(n),
            ref_sort=f"{n:010d}",
            text=f"Milestone {n}",
            due_date=date(2006, 1, 31) + timedelta(days=7 * (n % 40)),
        )
        for n in range(milestones)
    )
    MilestoneLead.objects.bulk_create(
        MilestoneLead(milestone=m, person=people[(m.pk + k) % 4], order=k)
        for m in rows
        for k in range(2)
    )
    StatusUpdate.objects.bulk_create(
        StatusUpdate(milestone=m, status=status, as_at=as_at)
        for m in rows
        for status, as_at in (
            (Status.ON_TRACK, date(2006, 2, 1)),
            (Status.BEHIND, date(2006, 5, 1)),
        )
    )


PAGES = [
    "/?as_at=2006-06-30",
    "/plans/{slug}/?as_at=2006-06-30",
    "/plans/{slug}/dashboard/?as_at=2006-06-30",
    "/plans/{slug}/timeline/?from=2006-01&to=2006-12",
    "/plans/{slug}/milestones/?as_at=2006-06-30",
    "/plans/{slug}/milestones/?as_at=2006-06-30&status=off_track&sort=effective_status",
    "/plans/{slug}/milestones/?as_at=2006-06-30&_export=csv",
    "/plans/{slug}/milestones/?as_at=2006-06-30&_export=xlsx",
    "/plans/{slug}/milestones/?as_at=2006-06-30&stale=on&overdue=on",
    "/api/plans/{slug}/summary/?as_at=2006-06-30",
    "/api/plans/{slug}/timeline/?from=2006-01&to=2006-12",
]


def queries(client, url: str) -> int:
    """Queries of a first view: nothing cached (a cached view makes fewer)."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("url", PAGES)
def test_same_number_of_queries_for_10_and_2000_milestones(client, director, url):
    build("small", 10)
    build("large", 2000)
    client.force_login(director)
    small = queries(client, url.format(slug="small"))
    large = queries(client, url.format(slug="large"))
    assert small == large, f"{url}: {small} queries for 10 milestones, {large} for 2,000"
    # The most is the plan dashboard: session, user, plan, themes, recommendations, the
    # milestones' facts, their leads, the shown milestones, the latest updates, the as-at
    # shortcuts, the PIs and their figures, the risks; and whether the viewer manages the plan
    # (the plan's tabs show managers theirs).
    assert small <= 15, f"{url}: {small} queries"
