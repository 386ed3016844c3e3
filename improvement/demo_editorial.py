"""Editorial additions to the JAR 2006 demo: what the source leaves unstated, added so that a
newcomer sees PI RAG and risk scores, and marked as ours wherever it shows (the figure's note,
the review's note, the plan's description), never as if the source said it.

The source gives each PI's March 06 actual and March 07 target, so no period has both and no
RAG can be worked out; it states the polarity of six of its ten PIs; its risk log scores none
of its four risks. fixtures/jar-2006/editorial_*.csv hold what is added, with the reason.
"""

from datetime import date

from django.db import transaction

from improvement.models import Plan

EDITORIAL = "Editorial addition for the demo, not in the source"
REVIEWED_ON = date(2006, 5, 31)
DESCRIPTION = (
    " Editorial additions for the demo, not in the source document: the polarity of four PIs, "
    "the March 07 targets used as the yardstick for March 06 (so that the PIs have a RAG), and "
    "scores for the four risks. Each says so where it appears."
)


def is_applied(plan: Plan) -> bool:
    from risks.models import RiskReview

    return RiskReview.objects.filter(risk__plan=plan, note__startswith=EDITORIAL).exists()


@transaction.atomic
def add_editorial(plan: Plan) -> list[str]:
    """Apply the editorial additions once; returns what was done."""
    if is_applied(plan):
        return []
    from improvement.demo import read_csv

    indicators = _indicators(plan, read_csv("editorial_indicators.csv"))
    risks = _risks(plan, read_csv("editorial_risks.csv"))
    plan.description = plan.description.rstrip() + DESCRIPTION
    plan.save(update_fields=["description"])
    return [
        f"Added the demo's editorial additions (marked as such): RAG yardsticks for "
        f"{indicators} PIs and scores for {risks} risks."
    ]


def _indicators(plan: Plan, rows: list[dict[str, str]]) -> int:
    from indicators.models import Indicator
    from indicators.services import change_settings, save_measurement

    for row in rows:
        indicator = Indicator.objects.get(plan=plan, ref=row["ref"])
        why = f"{EDITORIAL}. {row['why']}"
        if row["higher_is_better"]:
            change_settings(
                indicator,
                definition=indicator.definition,
                unit=indicator.unit,
                higher_is_better=row["higher_is_better"] == "true",
                amber_tolerance=indicator.amber_tolerance,
                owner=indicator.owner,
                recommendations=indicator.recommendations.all(),
                author=None,
                # The history's reason holds 100 characters: the full why is the figure's note.
                reason=EDITORIAL,
            )
        march = indicator.measurements.get(period="March 06")
        save_measurement(
            indicator,
            period=march.period,
            actual=march.actual,
            target=row["march_06_target"],
            comparator=march.comparator,
            comparator_label=march.comparator_label,
            note=why,
            reason=EDITORIAL,
            measurement=march,
        )
    return len(rows)


def _risks(plan: Plan, rows: list[dict[str, str]]) -> int:
    from risks.models import Risk
    from risks.services import record_review

    for row in rows:
        record_review(
            Risk.objects.get(plan=plan, ref=row["ref"]),
            reviewed_on=REVIEWED_ON,
            likelihood=int(row["likelihood"]),
            severity=int(row["severity"]),
            residual_likelihood=int(row["residual_likelihood"]),
            residual_severity=int(row["residual_severity"]),
            note=f"{EDITORIAL}: the risk log gives no scores. {row['why']}",
        )
    return len(rows)
