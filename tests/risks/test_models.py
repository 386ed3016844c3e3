"""Risk rows: refs sort naturally, scores are checked against the plan's scale, and reviews
are append-only."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from risks.models import Risk, RiskReview
from tests.factories import make_plan
from tests.risks.factories import make_risk, review


def test_refs_sort_as_people_read_them(db):
    plan = make_plan()
    for ref in ("R10", "R2", "R1"):
        make_risk(plan, ref)
    assert [r.ref for r in Risk.objects.filter(plan=plan)] == ["R1", "R2", "R10"]


@pytest.mark.parametrize(
    ("scores", "residual", "errors"),
    [
        ((3, 4), (2, 4), {}),
        ((None, None), (None, None), {}),
        ((5, 1), (None, None), {"likelihood": ["Enter a whole number from 1 to 4"]}),
        ((0, 1), (None, None), {"likelihood": ["Enter a whole number from 1 to 4"]}),
        ((3, None), (None, None), {"severity": ["Enter the severity too, or neither score"]}),
        ((None, None), (2, 2), {"likelihood": ["Score the risk before mitigation as well"]}),
    ],
)
def test_clean_checks_scores_against_the_plans_scale(db, scores, residual, errors):
    risk = Risk(
        plan=make_plan(),
        ref="R1",
        description="x",
        likelihood=scores[0],
        severity=scores[1],
        residual_likelihood=residual[0],
        residual_severity=residual[1],
    )
    if errors:
        with pytest.raises(ValidationError) as raised:
            risk.clean()
        assert raised.value.message_dict == errors
    else:
        risk.clean()


def test_a_review_cannot_be_changed_once_recorded(db):
    recorded = review(make_risk(make_plan(), "R1", (3, 4)), date(2026, 1, 1), (2, 2))
    recorded.note = "rewritten"
    with pytest.raises(ValidationError):
        recorded.save()
    assert RiskReview.objects.get().note == "Reviewed"


def test_the_assessment_in_force_is_the_latest_review_on_or_before_the_date(db):
    risk = make_risk(make_plan(), "R1", (3, 4), (2, 4), review_date=date(2026, 1, 1))
    review(risk, date(2026, 2, 1), (2, 4), (None, None), next_review_on=date(2026, 5, 1))
    review(risk, date(2026, 3, 1), (2, 2), (1, 2), next_review_on=date(2026, 9, 1))

    def at(day):
        row = Risk.objects.with_assessment(day).get(pk=risk.pk)
        return (
            row.score,
            row.residual_score,
            row.rated_score,
            row.review_date_as_at,
            row.reviewed_on,
        )

    assert at(date(2026, 1, 15)) == (12, 8, 8, date(2026, 1, 1), None)
    # A review with no residual scores leaves the risk unscored after mitigation.
    assert at(date(2026, 2, 1)) == (8, None, 8, date(2026, 5, 1), date(2026, 2, 1))
    assert at(date(2026, 12, 1)) == (4, 2, 2, date(2026, 9, 1), date(2026, 3, 1))


def test_open_and_review_overdue_as_at_a_date(db):
    risk = make_risk(make_plan(), "R1", review_date=date(2026, 3, 1), closed_on=date(2026, 6, 1))

    def at(day):
        row = Risk.objects.with_assessment(day).get(pk=risk.pk)
        return row.is_open, row.review_overdue

    assert at(date(2026, 2, 1)) == (True, False)
    assert at(date(2026, 4, 1)) == (True, True)
    assert at(date(2026, 6, 1)) == (False, False)
