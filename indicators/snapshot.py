"""A plan's indicators as at a date: each with its state (RAG, direction, latest figures),
computed in Python from rows loaded in three queries, so the PI table, the PI page, the
dashboard, the API and reports all say the same thing."""

from dataclasses import dataclass
from datetime import date

from indicators.models import Indicator
from indicators.rag import IndicatorState, indicator_state


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    state: IndicatorState

    # Sort keys for the table: always comparable, never None.
    @property
    def ref_sort(self) -> str:
        return self.indicator.ref_sort

    @property
    def latest_period_end(self) -> date:
        return self.state.latest.period_end if self.state.latest else date.min

    @property
    def recommendations(self):
        return self.indicator.recommendations.all()


def state_of(indicator: Indicator, as_at: date) -> IndicatorState:
    """The indicator's state, from its (prefetched) measurements."""
    return indicator_state(
        list(indicator.measurements.all()),
        as_at,
        indicator.higher_is_better,
        indicator.amber_tolerance,
    )


def indicator_rows(indicators, as_at: date) -> list[IndicatorRow]:
    """Rows for the indicators given (a queryset; loaded with_related()), in its order."""
    return [IndicatorRow(indicator, state_of(indicator, as_at)) for indicator in indicators]


def plan_indicator_rows(plan, as_at: date) -> list[IndicatorRow]:
    return indicator_rows(Indicator.objects.filter(plan=plan).with_related(), as_at)
