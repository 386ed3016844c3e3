"""The JAR 2006 risk log: four risks, as written, unscored."""

import pytest

from improvement.demo import read_csv
from risks.demo import load_risks
from risks.models import Risk
from risks.summary import risk_block


@pytest.fixture
def demo(demo):
    """The demo plan without the risks load_demo gives it, so that each test loads
    them itself."""
    Risk.objects.filter(plan=demo).delete()
    return demo


def test_the_jar_risk_log_loads_as_written_and_unscored(demo):
    assert load_risks(demo, read_csv("risks.csv")) == 4
    risks = list(Risk.objects.filter(plan=demo).order_by("ref_sort"))
    assert [r.ref for r in risks] == ["R1", "R2", "R3", "R4"]
    r1 = risks[0]
    assert r1.description == "Recruitment of social work staff continues to be difficult."
    assert r1.contingency.startswith("pursue all possible agency and temporary options.")
    assert r1.contingency.endswith("The Council is confident that this risk can be managed.")
    assert "Institute of Public management – offer in-house" in risks[1].contingency
    # The log gives no scores, mitigation or owner: none are made up.
    for risk in risks:
        assert (
            risk.likelihood,
            risk.severity,
            risk.residual_likelihood,
            risk.residual_severity,
        ) == (
            None,
            None,
            None,
            None,
        )
        assert (risk.mitigation, risk.owner, risk.review_date, risk.closed_on) == (
            "",
            None,
            None,
            None,
        )


def test_loading_twice_changes_nothing(demo):
    rows = read_csv("risks.csv")
    assert load_risks(demo, rows) == 4
    assert load_risks(demo, rows) == 0
    assert Risk.objects.filter(plan=demo).count() == 4


def test_the_demo_risks_count_as_unscored(demo):
    from datetime import date

    load_risks(demo, read_csv("risks.csv"))
    block = risk_block(demo, date(2006, 5, 31))
    assert block == {
        "total": 4,
        "open": 4,
        "by_band": {"LOW": 0, "MEDIUM": 0, "HIGH": 0, "unscored": 4},
        "by_residual_band": {"LOW": 0, "MEDIUM": 0, "HIGH": 0, "unscored": 4},
    }


def test_scores_and_owners_given_in_the_file_are_kept(db):
    from tests.factories import make_person, make_plan

    plan = make_plan()
    lee = make_person("Lee Lead", "LL")
    row = {
        "ref": "R1",
        "description": "Staff leave",
        "likelihood": "3",
        "severity": "4",
        "rating": "12",
        "band": "HIGH",
        "mitigation": "Agency staff",
        "owner": "LL",
        "residual_likelihood": "2",
        "residual_severity": "4",
        "residual_rating": "8",
        "residual_band": "MEDIUM",
        "contingency": "",
    }
    assert load_risks(plan, [row, {**row, "ref": "R2", "owner": "Head of Service"}]) == 2
    r1, r2 = Risk.objects.filter(plan=plan).order_by("ref_sort")
    assert (r1.likelihood, r1.severity, r1.residual_likelihood, r1.residual_severity) == (
        3,
        4,
        2,
        4,
    )
    assert r1.owner == lee
    assert r2.owner.name == "Head of Service" and not r2.owner.is_listed
