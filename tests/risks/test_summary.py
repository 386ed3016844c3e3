"""The risks block of the plan summary and the portfolio's count of high risks."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from risks.summary import high_risk_counts, risk_block
from tests.factories import make_plan
from tests.risks.factories import make_risk, review

AS_AT = date(2026, 5, 1)


def test_an_empty_plan_has_every_key_at_zero(db):
    plan = make_plan()
    assert risk_block(plan, AS_AT) == {
        "total": 0,
        "open": 0,
        "by_band": {"LOW": 0, "MEDIUM": 0, "HIGH": 0, "unscored": 0},
        "by_residual_band": {"LOW": 0, "MEDIUM": 0, "HIGH": 0, "unscored": 0},
    }


def test_open_risks_by_band_and_by_residual_band(db):
    plan = make_plan()
    make_risk(plan, "R1", (3, 4), (2, 4))  # HIGH, MEDIUM
    make_risk(plan, "R2", (2, 2), (1, 2))  # LOW, LOW
    make_risk(plan, "R3", (2, 3))  # MEDIUM, unscored
    make_risk(plan, "R4")  # unscored, unscored
    make_risk(plan, "R5", (4, 4), (4, 4), closed_on=date(2026, 4, 1))  # closed: total only
    make_risk(plan, "R6", (4, 4), (4, 4), closed_on=date(2026, 6, 1))  # closed later: open
    assert risk_block(plan, AS_AT) == {
        "total": 6,
        "open": 5,
        "by_band": {"LOW": 1, "MEDIUM": 1, "HIGH": 2, "unscored": 1},
        "by_residual_band": {"LOW": 1, "MEDIUM": 1, "HIGH": 1, "unscored": 2},
    }


def test_the_keys_follow_the_plans_own_bands(db):
    plan = make_plan(
        risk_scale=5,
        risk_bands=[
            {"name": "Green", "max": 6},
            {"name": "Amber", "max": 14},
            {"name": "Red", "max": None},
        ],
    )
    make_risk(plan, "R1", (5, 5), (3, 4))
    block = risk_block(plan, AS_AT)
    assert block["by_band"] == {"Green": 0, "Amber": 0, "Red": 1, "unscored": 0}
    assert block["by_residual_band"] == {"Green": 0, "Amber": 1, "Red": 0, "unscored": 0}


def test_reviews_count_from_their_date(db):
    plan = make_plan()
    risk = make_risk(plan, "R1", (3, 4))
    review(risk, date(2026, 6, 1), (1, 2), (1, 1))
    assert risk_block(plan, AS_AT)["by_band"]["HIGH"] == 1
    later = risk_block(plan, date(2026, 6, 1))
    assert later["by_band"]["LOW"] == 1 and later["by_residual_band"]["LOW"] == 1


def test_high_risk_counts_use_the_residual_score_else_the_inherent(db):
    one, two, none = make_plan(), make_plan(), make_plan()
    make_risk(one, "R1", (3, 4), (2, 2))  # residual LOW: not high
    make_risk(one, "R2", (4, 4))  # no residual, inherent HIGH: high
    make_risk(one, "R3", (4, 4), (3, 4), closed_on=date(2026, 1, 1))  # closed
    make_risk(two, "R1", (3, 4), (3, 4))
    make_risk(two, "R2", (2, 2), (3, 4))  # residual above inherent, HIGH: high
    make_risk(two, "R3")  # unscored
    assert high_risk_counts([one, two, none], AS_AT) == {one.pk: 1, two.pk: 2, none.pk: 0}


def test_the_highest_band_is_each_plans_own(db):
    five = make_plan(
        risk_scale=5,
        risk_bands=[
            {"name": "LOW", "max": 9},
            {"name": "HIGH", "max": 19},
            {"name": "SEVERE", "max": None},
        ],
    )
    make_risk(five, "R1", (4, 4))  # 16: HIGH, not the highest band here
    make_risk(five, "R2", (5, 4))  # 20: SEVERE
    assert high_risk_counts([five], AS_AT) == {five.pk: 1}


def test_high_risk_counts_take_one_query_however_many_plans(db):
    plans = [make_plan() for _ in range(5)]
    for plan in plans:
        make_risk(plan, "R1", (4, 4))
    with CaptureQueriesContext(connection) as context:
        counts = high_risk_counts(plans, AS_AT)
    assert counts == {plan.pk: 1 for plan in plans}
    assert len(context.captured_queries) == 1
