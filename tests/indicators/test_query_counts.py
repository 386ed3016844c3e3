"""The PI table, the PI page and the summaries make the same number of queries for 3
indicators as for 60: states are computed in Python from rows loaded in bulk."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from improvement.models import Person
from indicators.models import Indicator, IndicatorRecommendation, Measurement
from indicators.summary import indicator_block, indicators_by_recommendation, off_target_counts
from tests.factories import make_plan, make_recommendation

PERIODS = [("March 06", date(2006, 3, 31)), ("June 06", date(2006, 6, 30)),
           ("Sept 06", date(2006, 9, 30)), ("Dec 06", date(2006, 12, 31))]  # fmt: skip


def build(slug: str, indicators: int):
    """A plan of `indicators` PIs, each with an owner, two recommendations and four periods
    (one of them words); built in bulk so the test stays quick."""
    plan = make_plan(slug)
    owner = Person.objects.create(name=f"Owner of {slug}")
    recs = [make_recommendation(plan, str(r)) for r in range(1, 4)]
    rows = Indicator.objects.bulk_create(
        Indicator(
            plan=plan,
            ref=f"PI {n}",
            ref_sort=f"pi {n:010d}",
            definition=f"Indicator {n}",
            higher_is_better=[True, False, None][n % 3],
            owner=owner,
            order=n,
        )
        for n in range(indicators)
    )
    IndicatorRecommendation.objects.bulk_create(
        IndicatorRecommendation(indicator=i, recommendation=recs[(i.pk + k) % 3])
        for i in rows
        for k in range(2)
    )
    measurements = []
    for n, i in enumerate(rows):
        for k, (period, end) in enumerate(PERIODS):
            # PI 0 ends red and improving (63, 66, 69 against 75, higher is better).
            actual = "New indicator" if k == 0 else str(60 + (n * 7 + k * 3) % 30)
            m = Measurement(indicator=i, period=period, period_end=end, actual=actual, target="75")
            m.actual_number, m.target_number = (None if k == 0 else int(actual)), 75
            measurements.append(m)
    Measurement.objects.bulk_create(measurements)
    return plan


PAGES = [
    "/plans/{slug}/indicators/?as_at=2006-12-31",
    "/plans/{slug}/indicators/?as_at=2006-12-31&rag=red&direction=improving&sort=-rag",
    "/plans/{slug}/indicators/?as_at=2006-12-31&polarity=higher&sort=latest",
    "/plans/{slug}/indicators/?as_at=2006-12-31&_export=csv",
    "/plans/{slug}/indicators/?as_at=2006-12-31&_export=xlsx",
    "/plans/{slug}/indicators/PI%201/?as_at=2006-12-31",
]


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    # An empty table would skip the prefetches and prove nothing.
    assert "_export=xlsx" in url or b"PI 0" in response.content or b"PI 1" in response.content
    return len(context.captured_queries)


@pytest.mark.parametrize("url", PAGES)
def test_pages_make_the_same_number_of_queries_for_3_and_60_indicators(client, director, url):
    build("small", 3)
    build("large", 60)
    client.force_login(director)
    small = queries(client, url.format(slug="small"))
    large = queries(client, url.format(slug="large"))
    assert small == large, f"{url}: {small} queries for 3 indicators, {large} for 60"
    # The most is the table filtered by RAG and direction: session, user, roles, plan, the
    # plan's indicators and their figures (the filters' states), the count of those shown,
    # the shown indicators with their owners, their figures and their recommendations, then
    # the recommendations for the filter (counted, then listed), and whether the viewer
    # manages the plan (the nav's Settings tab).
    assert small <= 13, f"{url}: {small} queries"


def count(function, *args) -> int:
    with CaptureQueriesContext(connection) as context:
        function(*args)
    return len(context.captured_queries)


def test_the_api_block_makes_two_queries_for_3_and_60_indicators(db):
    small, large = build("small", 3), build("large", 60)
    as_at = date(2006, 12, 31)
    # The indicators, then their figures.
    assert count(indicator_block, small, as_at) == count(indicator_block, large, as_at) == 2


def test_off_target_counts_make_two_queries_for_any_number_of_plans(db):
    plans = [build(f"plan-{n}", 3 + 20 * n) for n in range(4)]
    as_at = date(2006, 12, 31)
    assert count(off_target_counts, plans[:1], as_at) == 2
    assert count(off_target_counts, plans, as_at) == 2


def test_indicators_by_recommendation_makes_a_fixed_number_of_queries(db):
    small, large = build("small", 3), build("large", 60)
    as_at = date(2006, 12, 31)
    # The indicators with their plans and owners, their figures, their recommendations.
    assert count(indicators_by_recommendation, small, as_at) == 3
    assert count(indicators_by_recommendation, large, as_at) == 3
