"""The register, its exports and the summary make the same number of queries for 3 risks as
for 60: scores, bands and heat maps are computed in bulk, never one query per row."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from improvement.models import Person
from risks.models import Risk, RiskReview
from risks.summary import heat_maps, high_risk_counts, risk_block
from tests.factories import make_plan, make_recommendation


def build(slug: str, risks: int):
    """`risks` risks with owners, two linked recommendations and two reviews each."""
    plan = make_plan(slug)
    people = [
        Person.objects.get_or_create(initials=f"P{n}", defaults={"name": f"Person {n}"})[0]
        for n in range(3)
    ]
    recs = [make_recommendation(plan, str(r)) for r in range(1, 4)]
    rows = Risk.objects.bulk_create(
        Risk(
            plan=plan,
            ref=f"R{n}",
            ref_sort=f"r{n:010d}",
            description=f"Risk {n}",
            likelihood=n % 4 + 1,
            severity=(n // 4) % 4 + 1,
            residual_likelihood=1 if n % 3 else None,
            residual_severity=(n % 4 + 1) if n % 3 else None,
            owner=people[n % 3],
            review_date=date(2006, 1, 1) + (date(2006, 3, 1) - date(2006, 1, 1)) * (n % 3),
        )
        for n in range(risks)
    )
    Risk.recommendations.through.objects.bulk_create(
        Risk.recommendations.through(risk=risk, recommendation=rec)
        for risk in rows
        for rec in recs[:2]
    )
    RiskReview.objects.bulk_create(
        RiskReview(risk=risk, reviewed_on=day, likelihood=2, severity=2, band="LOW", note="ok")
        for risk in rows
        for day in (date(2006, 2, 1), date(2006, 4, 1))
    )
    return plan


PAGES = [
    "/plans/{slug}/risks/?as_at=2006-06-30",
    "/plans/{slug}/risks/?as_at=2006-06-30&band=LOW&status=open&review_overdue=on",
    "/plans/{slug}/risks/?as_at=2006-06-30&sort=inherent&likelihood=2&severity=2",
    "/plans/{slug}/risks/?as_at=2006-06-30&_export=csv",
    "/plans/{slug}/risks/?as_at=2006-06-30&_export=xlsx",
    "/plans/{slug}/risks/matrix/",
]


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("url", PAGES)
def test_same_number_of_queries_for_3_and_60_risks(client, administrator, url):
    build("small", 3)
    build("large", 60)
    client.force_login(administrator)
    small = queries(client, url.format(slug="small"))
    large = queries(client, url.format(slug="large"))
    assert small == large, f"{url}: {small} queries for 3 risks, {large} for 60"
    # The register: session, user, roles, plan, the heat maps (one query for both), the
    # table's count, the paginator's count, the owners for the filter (counted, then listed),
    # the page of risks and their recommendations.
    assert small <= 11, f"{url}: {small} queries"


def test_risk_page_queries_do_not_grow_with_reviews(client, administrator):
    build("small", 3)
    build("large", 60)
    client.force_login(administrator)
    small = queries(client, "/plans/small/risks/R1/")
    large = queries(client, "/plans/large/risks/R1/")
    assert small == large


def test_summary_block_and_heat_maps_take_one_query_each(db):
    small, large = build("small", 3), build("large", 60)
    for plan in (small, large):
        with CaptureQueriesContext(connection) as context:
            risk_block(plan, date(2006, 6, 30))
        assert len(context.captured_queries) == 1
        with CaptureQueriesContext(connection) as context:
            heat_maps(plan, date(2006, 6, 30))
        assert len(context.captured_queries) == 1
    assert risk_block(large, date(2006, 6, 30))["total"] == 60
    with CaptureQueriesContext(connection) as context:
        high_risk_counts([small, large], date(2006, 6, 30))
    assert len(context.captured_queries) == 1
