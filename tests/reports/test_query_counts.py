"""The report pages make the same number of queries for a plan of 6 milestones as for one of
60, with indicators and risks: the content builder loads everything in bulk."""

from datetime import date

import pytest
from django.urls import reverse

from improvement.models import Person
from improvement.reports.content import report_content
from indicators.models import Indicator, Measurement
from recommendations.models import Milestone, MilestoneLead, StatusUpdate
from risks.models import Risk
from tests.factories import make_plan, make_recommendation
from tests.reports.conftest import make_report

# report_content: snapshot 4 (themes, recommendations, milestones, leads), indicators 3 (with
# measurements and recommendations), heat maps 1, highest risks 1, timeline 4 (themes,
# recommendations, milestones, updates).
CONTENT_QUERIES = 13
# The page: session, user, groups (roles), the report with its plan, whether the viewer
# manages the plan (the nav's Settings tab), then the content.
DETAIL_QUERIES = 5 + CONTENT_QUERIES
# session, user, groups, plan, reports (with who issued them), whether the viewer manages the
# plan (the nav's Settings tab)
LIST_QUERIES = 6


def build(slug: str, size: int):
    """A plan of `size` recommendations x 10 milestones, each with two leads and two
    updates, `size` indicators with figures and `size` scored risks."""
    plan = make_plan(slug)
    plan.starts_on = date(2006, 1, 1)
    plan.save()
    people = [Person.objects.create(name=f"{slug} lead {n}") for n in range(2)]
    for r in range(1, size + 1):
        rec = make_recommendation(plan, str(r), theme=f"Theme {r % 3}")
        milestones = Milestone.objects.bulk_create(
            Milestone(
                recommendation=rec, ref=str(m), ref_sort=f"{m:05d}", text="x",
                due_date=date(2006, 1 + m % 12, 28),
            )
            for m in range(10)
        )  # fmt: skip
        MilestoneLead.objects.bulk_create(
            MilestoneLead(milestone=ms, person=p, order=n)
            for ms in milestones
            for n, p in enumerate(people)
        )
        StatusUpdate.objects.bulk_create(
            StatusUpdate(milestone=ms, status=status, as_at=day, comment="c")
            for ms in milestones
            for status, day in (("on_track", date(2006, 2, 1)), ("behind", date(2006, 4, 1)))
        )
        indicator = Indicator.objects.create(
            plan=plan, ref=f"PI {r}", definition="d", higher_is_better=True
        )
        indicator.recommendations.add(rec)
        Measurement.objects.create(
            indicator=indicator, period="March 06", period_end=date(2006, 3, 31),
            actual="70", actual_number=70, target="80", target_number=80,
        )  # fmt: skip
        Risk.objects.create(
            plan=plan, ref=f"R{r}", description="r", likelihood=3, severity=2,
            residual_likelihood=2, residual_severity=2, owner=people[0],
        )  # fmt: skip
    return plan


@pytest.mark.parametrize("size", [1, 6])
def test_the_content_builder_makes_a_fixed_number_of_queries(size, db, django_assert_num_queries):
    report = make_report(build(f"plan-{size}", size), as_at=date(2006, 6, 30))
    assert report.plan.pk  # the views load the plan with the report
    with django_assert_num_queries(CONTENT_QUERIES):
        content = report_content(report)
    assert len(content.snapshot.milestones) == size * 10
    assert len(content.indicators) == size and len(content.highest_risks) == min(size, 5)


@pytest.mark.parametrize("size", [1, 6])
def test_the_preview_page_makes_a_fixed_number_of_queries(
    size, client, clerk, django_assert_max_num_queries
):
    report = make_report(build(f"plan-{size}", size), as_at=date(2006, 6, 30))
    client.force_login(clerk)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(report.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("reports", [1, 8])
def test_the_list_page_makes_a_fixed_number_of_queries(
    reports, client, director, clerk, django_assert_max_num_queries
):
    plan = build("listed", 1)
    for n in range(reports):
        make_report(plan, title=f"Report {n}", created_by=clerk)
    client.force_login(director)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("report_list", kwargs={"slug": plan.slug}))
    assert response.content.decode().count("Report ") >= reports
