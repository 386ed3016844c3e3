"""The JAR 2006 risk log: four risks, as written, unscored (loaded by the spreadsheet
importer through load_demo)."""

from django.core.management import call_command

from risks.models import Risk
from risks.summary import risk_block


def test_the_jar_risk_log_loads_as_written_and_unscored(demo):
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
    call_command("load_demo")
    assert Risk.objects.filter(plan=demo).count() == 4


def test_the_demo_risks_count_as_unscored(demo):
    from datetime import date

    block = risk_block(demo, date(2006, 5, 31))
    assert block == {
        "total": 4,
        "open": 4,
        "by_band": {"LOW": 0, "MEDIUM": 0, "HIGH": 0, "unscored": 4},
        "by_residual_band": {"LOW": 0, "MEDIUM": 0, "HIGH": 0, "unscored": 4},
    }
