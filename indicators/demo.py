"""The demo's PIs: rows of fixtures/jar-2006/indicators.csv, loaded into a plan."""

from django.core.exceptions import ValidationError
from django.db import transaction

from indicators.models import Indicator, IndicatorRecommendation
from indicators.services import DuplicatePeriod, parse_polarity, save_measurement

IMPORTED = "Loaded from indicators.csv"


@transaction.atomic
def load_indicators(plan, rows: list[dict[str, str]]) -> int:
    """Load indicators.csv rows (ref, definition, unit, higher_is_better, period, actual,
    target, comparator, comparator_label, recommendation_refs) into ``plan``; returns how many
    indicators were created.

    One indicator per ref, in the order first seen, with one measurement per row; values are
    kept as written. ``recommendation_refs`` are space-separated refs of the plan's
    recommendations. A blank ``higher_is_better`` stays unknown. Does nothing (returns 0) when
    the plan already has indicators, so loading twice changes nothing. Raises ValueError,
    saving nothing, on an unknown recommendation ref or a period that cannot be read.
    """
    if plan.indicators.exists():
        return 0
    recommendations = {rec.ref: rec for rec in plan.recommendations.all()}
    indicators: dict[str, Indicator] = {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        ref = row["ref"].strip()
        try:
            if ref not in indicators:
                indicators[ref] = _create_indicator(plan, row, len(indicators))
                _link(indicators[ref], row.get("recommendation_refs", ""), recommendations)
            save_measurement(
                indicators[ref],
                period=row["period"],
                actual=row.get("actual", ""),
                target=row.get("target", ""),
                comparator=row.get("comparator", ""),
                comparator_label=row.get("comparator_label", ""),
                reason=IMPORTED,
            )
        except (ValidationError, DuplicatePeriod, LookupError) as error:
            message = "; ".join(error.messages) if hasattr(error, "messages") else str(error)
            raise ValueError(f"indicators.csv row {number} ({ref}): {message}") from error
    return len(indicators)


def _create_indicator(plan, row: dict[str, str], order: int) -> Indicator:
    indicator = Indicator(
        plan=plan,
        ref=row["ref"].strip(),
        definition=row.get("definition", "").strip(),
        unit=row.get("unit", "").strip(),
        higher_is_better=parse_polarity(row.get("higher_is_better", "")),
        order=order,
    )
    indicator._change_reason = IMPORTED
    indicator.save()
    return indicator


def _link(indicator: Indicator, refs: str, recommendations: dict) -> None:
    for ref in refs.split():
        if ref not in recommendations:
            raise LookupError(f"the plan has no recommendation {ref!r}")
        IndicatorRecommendation.objects.create(
            indicator=indicator, recommendation=recommendations[ref]
        )
