"""What the rest of the product reads about indicators: the API's block, the portfolio's
off-target counts and each recommendation's PIs. Every function makes a fixed number of
queries, however many indicators or plans."""

from collections import defaultdict, namedtuple
from datetime import date

from indicators.models import Indicator, Measurement
from indicators.rag import NO_RAG, RAG_ORDER, Rag, indicator_state
from indicators.snapshot import IndicatorRow, plan_indicator_rows, state_of


def indicator_block(plan, as_at: date) -> dict:
    """The ``indicators`` block of GET /api/plans/<slug>/summary/: how many indicators, and how
    many of them are currently green, amber, red or have no RAG as at the date (two queries).
    """
    by_rag = {rag.value: 0 for rag in (Rag.GREEN, Rag.AMBER, Rag.RED)} | {NO_RAG: 0}
    indicators = Indicator.objects.filter(plan=plan).prefetch_related("measurements")
    total = 0
    for indicator in indicators:
        total += 1
        by_rag[state_of(indicator, as_at).rag_key] += 1
    return {"total": total, "by_rag": by_rag}


# What indicators.rag.Figure asks of a figure.
FIGURE_FIELDS = (
    "period",
    "period_end",
    "actual",
    "actual_number",
    "target",
    "target_number",
    "comparator",
    "comparator_number",
)
FigureRow = namedtuple("FigureRow", FIGURE_FIELDS)


def off_target_counts(plans, as_at: date) -> dict[int, int]:
    """For each plan, by pk, how many of its indicators are red as at the date (zero included),
    in two queries however many plans.

    The figures are read as plain rows, not Measurement objects: the RAG rule reads only the
    fields of indicators.rag.Figure, and a county's portfolio holds thousands of figures.
    """
    plan_ids = [plan.pk for plan in plans]
    counts = dict.fromkeys(plan_ids, 0)
    figures = defaultdict(list)
    for indicator_id, *values in Measurement.objects.filter(
        indicator__plan_id__in=plan_ids
    ).values_list("indicator_id", *FIGURE_FIELDS):
        figures[indicator_id].append(FigureRow(*values))
    indicators = Indicator.objects.filter(plan_id__in=plan_ids).values_list(
        "pk", "plan_id", "higher_is_better", "amber_tolerance"
    )
    for pk, plan_id, higher_is_better, tolerance in indicators:
        state = indicator_state(figures[pk], as_at, higher_is_better, tolerance)
        counts[plan_id] += state.rag == Rag.RED
    return counts


def indicators_by_recommendation(plan, as_at: date) -> dict[int, list[IndicatorRow]]:
    """Each recommendation's indicators (by recommendation pk; a recommendation with none is
    absent), in the plan's order, as rows for templates/indicators/_recommendation_indicators.html
    (four queries)."""
    grouped: dict[int, list[IndicatorRow]] = defaultdict(list)
    for row in plan_indicator_rows(plan, as_at):
        for recommendation in row.recommendations:
            grouped[recommendation.pk].append(row)
    return dict(grouped)


def rag_counts(rows: list[IndicatorRow]) -> list[tuple[Rag | None, int]]:
    """How many rows are red, amber, green and without a RAG, in that order."""
    counts = {rag: 0 for rag in (*RAG_ORDER, None)}
    for row in rows:
        counts[row.state.rag] += 1
    return list(counts.items())
