"""Changes to an indicator's figures, with who and when (from django-simple-history)."""

from dataclasses import dataclass
from datetime import datetime

from improvement.history import who_changed
from indicators.models import Indicator, Measurement

SHOWN_FIELDS = ("period", "actual", "target", "comparator", "comparator_label", "note")


@dataclass(frozen=True)
class FigureChange:
    when: datetime
    who: str
    period: str
    what: str
    old: str
    new: str
    reason: str


def figure_changes(indicator: Indicator) -> list[FigureChange]:
    """Every figure added, corrected or removed, newest first (one query)."""
    records = (
        Measurement.history.filter(indicator_id=indicator.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    changes, previous = [], None
    for record in records:
        before = previous if previous is not None and previous.id == record.id else None
        changes.extend(_changes(record, before))
        previous = record
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes


def _changes(record, before) -> list[FigureChange]:
    def change(what: str, old: str = "", new: str = "") -> FigureChange:
        return FigureChange(
            when=record.history_date,
            who=who_changed(record),
            period=record.period,
            what=what,
            old=old,
            new=new,
            reason=record.history_change_reason or "",
        )

    if record.history_type == "-":
        return [change("Figures removed")]
    if before is None:
        added = ", ".join(
            f"{_label(name).lower()} {getattr(record, name)}"
            for name in ("actual", "target", "comparator")
            if getattr(record, name)
        )
        return [change("Figures added", new=added)]
    return [
        change(_label(name), _show(getattr(before, name)), _show(getattr(record, name)))
        for name in SHOWN_FIELDS
        if getattr(before, name) != getattr(record, name)
    ]


def _label(name: str) -> str:
    return str(Measurement._meta.get_field(name).verbose_name).capitalize()


def _show(value) -> str:
    return "—" if value in (None, "") else str(value)
