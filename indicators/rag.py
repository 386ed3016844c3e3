"""PI RAG against target, direction of travel and an indicator's state as at a date.

Pure functions, no ORM: they read any objects with the attributes of a Measurement
(``period``, ``period_end``, ``actual``, ``actual_number``, ``target``, ``target_number``,
``comparator``, ``comparator_number``), so tests give them plain tuples and pages give them
prefetched rows. Nothing here guesses: no number, or no known polarity, means no RAG.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

DEFAULT_TOLERANCE = Decimal(5)  # per cent of the target


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def label(self) -> str:
        return RAG_LABELS[self]

    @property
    def colour(self) -> str:
        return self.value.capitalize()

    @property
    def rank(self) -> int:
        return RAG_ORDER.index(self)


RAG_LABELS = {Rag.GREEN: "On target", Rag.AMBER: "Near target", Rag.RED: "Off target"}
# The worst first, as directors read them; "no RAG" sorts after them all.
RAG_ORDER = (Rag.RED, Rag.AMBER, Rag.GREEN)
NO_RAG_LABEL = "No RAG"
NO_RAG = "none"  # the key for "no RAG" in filters and the API


class Direction(StrEnum):
    IMPROVING = "improving"
    NO_CHANGE = "no_change"
    WORSENING = "worsening"

    @property
    def label(self) -> str:
        return DIRECTION_LABELS[self][0]

    @property
    def arrow(self) -> str:
        return DIRECTION_LABELS[self][1]

    @property
    def rank(self) -> int:
        return DIRECTION_ORDER.index(self)


# The arrow says whether performance got better, not whether the number rose: for a PI where
# lower is better, a fall is an up arrow. The word is always shown beside it.
DIRECTION_LABELS = {
    Direction.IMPROVING: ("Improving", "↑"),
    Direction.NO_CHANGE: ("No change", "→"),
    Direction.WORSENING: ("Worsening", "↓"),
}
DIRECTION_ORDER = (Direction.WORSENING, Direction.NO_CHANGE, Direction.IMPROVING)


def rag(
    actual: Decimal | None,
    target: Decimal | None,
    higher_is_better: bool | None,
    tolerance: Decimal = DEFAULT_TOLERANCE,
) -> Rag | None:
    """Green when the actual meets or beats the target (respecting polarity); Amber when it
    falls short by no more than ``tolerance`` per cent of the target; else Red.

    None when either figure is not a number or the polarity is unknown: never a guess. The
    band is a share of the target's size, so a zero target has no Amber band (only meeting it
    is Green) and a negative target's band is as wide as a positive one's.
    """
    if actual is None or target is None or higher_is_better is None:
        return None
    shortfall = target - actual if higher_is_better else actual - target
    if shortfall <= 0:
        return Rag.GREEN
    if shortfall * 100 <= abs(target) * tolerance:
        return Rag.AMBER
    return Rag.RED


def direction(
    previous: Decimal | None, latest: Decimal | None, higher_is_better: bool | None
) -> Direction | None:
    """Improving, worsening or no change from the previous period's actual to the latest,
    respecting polarity; None without both numbers or without a known polarity."""
    if previous is None or latest is None or higher_is_better is None:
        return None
    if latest == previous:
        return Direction.NO_CHANGE
    better = latest > previous if higher_is_better else latest < previous
    return Direction.IMPROVING if better else Direction.WORSENING


def period_trail(
    figures: Sequence, higher_is_better: bool | None, tolerance: Decimal = DEFAULT_TOLERANCE
) -> list[tuple[object, Rag | None, Direction | None]]:
    """Each figure (in the order given) with its own period's RAG and its direction from the
    previous figure that has an actual, the rule by which an indicator's own direction is
    judged (see indicator_state)."""
    trail, previous = [], None
    for figure in figures:
        trend = None
        if figure.actual:
            if previous is not None:
                trend = direction(previous.actual_number, figure.actual_number, higher_is_better)
            previous = figure
        own = rag(figure.actual_number, figure.target_number, higher_is_better, tolerance)
        trail.append((figure, own, trend))
    return trail


class Figure(Protocol):
    period: str
    period_end: date
    actual: str
    actual_number: Decimal | None
    target: str
    target_number: Decimal | None
    comparator: str
    comparator_number: Decimal | None


@dataclass(frozen=True)
class IndicatorState:
    """What an indicator shows as at a date. Each figure is the measurement it comes from, so
    a page can show the period and the value as written."""

    as_at: date
    higher_is_better: bool | None = None
    latest: Figure | None = None  # the latest period with an actual (number or words)
    previous: Figure | None = None  # the one before it with an actual
    rated: Figure | None = None  # the latest period with a number actual and a number target
    rag: Rag | None = None
    direction: Direction | None = None
    target: Figure | None = None  # the target to show beside the latest actual
    comparator: Figure | None = None  # the latest period with a comparator
    history: tuple[Figure, ...] = ()  # every period ending on or before the date, oldest first

    @property
    def no_rag_reason(self) -> str:
        """Why there is no RAG, in words for the PI page; empty when there is one."""
        if self.rag is not None:
            return ""
        if self.higher_is_better is None:
            return "it is not known whether higher or lower is better"
        return "no period up to this date has both an actual and a target that are numbers"

    @property
    def rag_key(self) -> str:
        return self.rag.value if self.rag else NO_RAG

    @property
    def rag_rank(self) -> int:
        return self.rag.rank if self.rag else len(RAG_ORDER)

    @property
    def direction_key(self) -> str:
        return self.direction.value if self.direction else NO_RAG

    @property
    def direction_rank(self) -> int:
        return self.direction.rank if self.direction else len(DIRECTION_ORDER)


def current_rag(
    figures: Sequence[Figure],
    as_at: date,
    higher_is_better: bool | None,
    tolerance: Decimal = DEFAULT_TOLERANCE,
) -> tuple[Figure | None, Rag | None]:
    """The RAG of the latest period ending on or before ``as_at`` that has both a number
    actual and a number target, with that period; (None, None) when there is none or the
    polarity is unknown."""
    if higher_is_better is None:
        return None, None
    rated = [
        f
        for f in figures
        if f.period_end <= as_at and f.actual_number is not None and f.target_number is not None
    ]
    if not rated:
        return None, None
    latest = max(rated, key=lambda f: f.period_end)
    return latest, rag(latest.actual_number, latest.target_number, higher_is_better, tolerance)


def indicator_state(
    figures: Sequence[Figure],
    as_at: date,
    higher_is_better: bool | None,
    tolerance: Decimal = DEFAULT_TOLERANCE,
) -> IndicatorState:
    """The indicator as at ``as_at``, from its figures (in any order).

    Only periods ending on or before the date count, except for the target: targets are set in
    advance, so beside the latest actual stands the target of its own period, else the next
    target after it (even beyond the date), else the latest target before it.
    """
    figures = sorted(figures, key=lambda f: f.period_end)
    history = tuple(f for f in figures if f.period_end <= as_at)
    with_actual = [f for f in history if f.actual]
    latest = with_actual[-1] if with_actual else None
    previous = with_actual[-2] if len(with_actual) > 1 else None
    rated, rag_now = current_rag(history, as_at, higher_is_better, tolerance)
    trend = (
        direction(previous.actual_number, latest.actual_number, higher_is_better)
        if latest and previous
        else None
    )
    with_comparator = [f for f in history if f.comparator]
    return IndicatorState(
        as_at=as_at,
        higher_is_better=higher_is_better,
        latest=latest,
        previous=previous,
        rated=rated,
        rag=rag_now,
        direction=trend,
        target=_target_beside(figures, latest, as_at),
        comparator=with_comparator[-1] if with_comparator else None,
        history=history,
    )


def _target_beside(figures: list[Figure], latest: Figure | None, as_at: date) -> Figure | None:
    with_target = [f for f in figures if f.target]
    if not with_target:
        return None
    anchor = latest.period_end if latest else as_at
    same_or_next = [f for f in with_target if f.period_end >= anchor]
    if same_or_next:
        return same_or_next[0]
    return with_target[-1]
