"""The RAG timeline: each recommendation's roll-up as at every month end, like the grid plans
print ("TIMELINE FOR PROGRESS ON RECOMMENDATIONS"). Four queries whatever the plan's size."""

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from improvement.asat import in_range
from improvement.dates import month_end
from improvement.models import Plan, Theme
from improvement.status import Status, effective_status, is_open_as_at, roll_up
from recommendations.models import Milestone, Recommendation, SignOff, StatusUpdate

MAX_MONTHS = 60
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class BadMonth(ValueError):
    """A month parameter that is not YYYY-MM, or a range that makes no sense."""


def parse_month(text: str) -> date:
    """ "2006-03" -> 1 Mar 2006; anything else raises BadMonth with a message for the user."""
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise BadMonth(f"Give months as YYYY-MM, for example 2006-03, not {text!r}")
    month = date(int(match[1]), int(match[2]), 1)
    if not in_range(month):
        raise BadMonth(f"Give a month between 1990-01 and 2100-12, not {text!r}")
    return month


def months_between(first: date, last: date) -> list[date]:
    """The first day of every month from `first` to `last`, inclusive."""
    if last < first:
        raise BadMonth("The last month is before the first")
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    if count > MAX_MONTHS:
        raise BadMonth(f"Show at most {MAX_MONTHS} months at a time")
    return [
        date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
        for i in range(count)
    ]


@dataclass
class TimelineRow:
    recommendation: Recommendation
    cells: list[Status | None]  # None: the month has not ended yet

    def by_month(self, months: list[date]) -> dict[str, str]:
        return {
            f"{m:%Y-%m}": cell.value for m, cell in zip(months, self.cells, strict=True) if cell
        }


@dataclass
class ThemeRows:
    theme: Theme
    rows: list[TimelineRow] = field(default_factory=list)


@dataclass
class Timeline:
    plan: Plan
    months: list[date]
    themes: list[ThemeRows]

    @property
    def rows(self) -> list[TimelineRow]:
        return [row for theme in self.themes for row in theme.rows]


def default_months(plan: Plan, today: date) -> tuple[date, date]:
    """The plan's own span, else the twelve months up to today; of a plan longer than
    MAX_MONTHS, its last MAX_MONTHS months (a county's plan can run for years)."""
    first = plan.starts_on or date(today.year - 1, today.month, 1)
    last = plan.ends_on or today
    earliest = (last.year * 12 + last.month - 1) - (MAX_MONTHS - 1)
    if (first.year * 12 + first.month - 1) < earliest:
        first = date(earliest // 12, earliest % 12 + 1, 1)
    return date(first.year, first.month, 1), date(last.year, last.month, 1)


def months_ending(plan: Plan, as_at: date) -> tuple[date, date]:
    """The months shown as at a chosen date: from the plan's start (else a year before) to the
    date's month, at most MAX_MONTHS of them."""
    first, _ = default_months(plan, as_at)
    last = date(as_at.year, as_at.month, 1)
    earliest = _shift(last, -(MAX_MONTHS - 1))
    if first > last:
        first = _shift(last, -11)
    return max(first, earliest), last


def _shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def plan_timeline(plan: Plan, months: list[date], today: date) -> Timeline:
    themes = {theme.pk: ThemeRows(theme) for theme in plan.themes.all()}
    recommendations = list(
        Recommendation.objects.filter(plan=plan).order_by("theme__order", "ref_sort")
    )
    milestones = defaultdict(list)
    for pk, rec_id, due, added_on, closed_on in Milestone.objects.filter(
        recommendation__plan=plan
    ).values_list("pk", "recommendation_id", "due_date", "added_on", "closed_on"):
        milestones[rec_id].append((pk, due, added_on, closed_on))
    history = _history(plan)
    ends = [month_end(m.year, m.month) for m in months]
    for rec in recommendations:
        cells = []
        for end in ends:
            # A recommendation's months before it was added or from its closing on are left
            # blank, like months yet to end: it has no status then.
            if end > today or not is_open_as_at(rec.closed_on, end, rec.added_on):
                cells.append(None)
                continue
            statuses = []
            for pk, due, added_on, closed_on in milestones[rec.pk]:
                if not is_open_as_at(closed_on, end, added_on):
                    continue
                reported, awaiting, revised = _reported(history.get(pk, ([], [])), end)
                statuses.append(effective_status(reported, revised or due, end, awaiting).status)
            cells.append(roll_up(statuses))
        themes[rec.theme_id].rows.append(TimelineRow(rec, cells))
    return Timeline(plan, months, [t for t in themes.values() if t.rows])


State = tuple[Status, bool, date | None]  # reported status, awaiting sign-off, revised due date


def _history(plan: Plan) -> dict[int, tuple[list[date], list[State]]]:
    """Every milestone's updates in the order they take effect (by as-at date, then as
    recorded), each with the revised due date in force from then on."""
    history: dict[int, tuple[list[date], list[State]]] = {}
    updates = (
        StatusUpdate.objects.filter(milestone__recommendation__plan=plan)
        .order_by("milestone_id", "as_at", "created", "pk")
        .values_list("milestone_id", "as_at", "status", "sign_off", "revised_due_date")
    )
    for milestone_id, as_at, status, sign_off, revised in updates:
        dates, states = history.setdefault(milestone_id, ([], []))
        in_force = revised or (states[-1][2] if states else None)
        dates.append(as_at)
        states.append((Status(status), sign_off == SignOff.REQUESTED, in_force))
    return history


def _reported(history: tuple[list[date], list[State]], day: date) -> State:
    dates, states = history
    index = bisect_right(dates, day)
    return states[index - 1] if index else (Status.NOT_STARTED, False, None)
