"""The RAG vocabulary and the roll-up rules: pure functions, no ORM.

Every figure in the product (plan pages, dashboards, timelines, reports) takes its status from
here, so that "overdue counts as off track" and the roll-up mean the same thing everywhere.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    COMPLETE = "complete"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    OFF_TRACK = "off_track"
    NOT_STARTED = "not_started"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def colour(self) -> str:
        return COLOURS[self]

    @property
    def meaning(self) -> str:
        return MEANINGS[self]

    @property
    def abbreviation(self) -> str:
        return ABBREVIATIONS[self]


LABELS = {
    Status.COMPLETE: "Complete",
    Status.ON_TRACK: "On track",
    Status.BEHIND: "Behind",
    Status.OFF_TRACK: "Off track",
    Status.NOT_STARTED: "Not started",
}
COLOURS = {
    Status.COMPLETE: "blue",
    Status.ON_TRACK: "green",
    Status.BEHIND: "amber",
    Status.OFF_TRACK: "red",
    Status.NOT_STARTED: "grey",
}
MEANINGS = {
    Status.COMPLETE: "Done and evidenced",
    Status.ON_TRACK: "Progressing as planned",
    Status.BEHIND: "Not fully on track; a plan exists to recover by a known date",
    Status.OFF_TRACK: "Not completed, or timescale slipped; needs attention",
    Status.NOT_STARTED: "Not scheduled to start yet",
}

# For dense grids (the RAG timeline), always shown with a legend and the full word for
# screen readers.
ABBREVIATIONS = {
    Status.COMPLETE: "C",
    Status.ON_TRACK: "OT",
    Status.BEHIND: "B",
    Status.OFF_TRACK: "OFF",
    Status.NOT_STARTED: "NS",
}

# Severity order for display and sorting: the worst first.
SEVERITY = (Status.OFF_TRACK, Status.BEHIND, Status.ON_TRACK, Status.NOT_STARTED, Status.COMPLETE)

CHOICES = [(status.value, status.label) for status in Status]

OVERDUE = "overdue"
AWAITING_SIGN_OFF = "awaiting sign-off"

# Words found in councils' spreadsheets, lower-cased; a blank cell means not started.
SYNONYMS = {
    "complete": Status.COMPLETE,
    "completed": Status.COMPLETE,
    "done": Status.COMPLETE,
    "on track": Status.ON_TRACK,
    "on_track": Status.ON_TRACK,
    "behind": Status.BEHIND,
    "slightly delayed": Status.BEHIND,
    "delayed": Status.BEHIND,
    "not on track": Status.OFF_TRACK,
    "off track": Status.OFF_TRACK,
    "off_track": Status.OFF_TRACK,
    "no progress": Status.NOT_STARTED,
    "not started": Status.NOT_STARTED,
    "not_started": Status.NOT_STARTED,
    "": Status.NOT_STARTED,
    # RAG colour words and letters; BRAG plans add blue for complete.
    "red": Status.OFF_TRACK,
    "r": Status.OFF_TRACK,
    "amber": Status.BEHIND,
    "a": Status.BEHIND,
    "green": Status.ON_TRACK,
    "g": Status.ON_TRACK,
    "blue": Status.COMPLETE,
    "b": Status.COMPLETE,
    "grey": Status.NOT_STARTED,
    "gray": Status.NOT_STARTED,
    # Words councils use in their own plans.
    "achieved": Status.COMPLETE,
    "closed": Status.COMPLETE,
    "finished": Status.COMPLETE,
    "complete and embedded": Status.COMPLETE,
    "ongoing": Status.ON_TRACK,
    "on going": Status.ON_TRACK,
    "in progress": Status.ON_TRACK,
    "on target": Status.ON_TRACK,
    "on schedule": Status.ON_TRACK,
    "progressing": Status.ON_TRACK,
    "at risk": Status.BEHIND,
    "some slippage": Status.BEHIND,
    "minor slippage": Status.BEHIND,
    "slipped": Status.OFF_TRACK,
    "slippage": Status.OFF_TRACK,
    "significant slippage": Status.OFF_TRACK,
    "overdue": Status.OFF_TRACK,
    "not achieved": Status.OFF_TRACK,
    "not yet started": Status.NOT_STARTED,
    "not due": Status.NOT_STARTED,
    "not yet due": Status.NOT_STARTED,
}

# Cell fills that councils use for RAG, as (red, green, blue): Excel's standard and theme
# colours and the pale "good / neutral / bad" styles. A fill is read as the status of the
# nearest of these when it lies within FILL_TOLERANCE of it; anything else (white, a theme's
# heading colour) is no status.
FILL_PALETTE = {
    Status.OFF_TRACK: ((255, 0, 0), (192, 0, 0), (255, 199, 206), (230, 184, 183), (255, 80, 80)),
    Status.BEHIND: ((255, 192, 0), (255, 165, 0), (255, 255, 0), (255, 235, 156), (247, 150, 70)),
    Status.ON_TRACK: ((0, 176, 80), (0, 255, 0), (146, 208, 80), (0, 128, 0), (198, 239, 206)),
    Status.COMPLETE: ((0, 112, 192), (0, 0, 255), (0, 176, 240), (68, 114, 196), (91, 155, 213)),
    Status.NOT_STARTED: ((128, 128, 128), (166, 166, 166), (191, 191, 191), (217, 217, 217)),
}
FILL_TOLERANCE = 60


def status_from_fill(rgb: str | None) -> Status | None:
    """The status a cell's fill colour shows ("FFC000" or Excel's "FFFFC000" with its alpha),
    or None when it is near none of the RAG palette's colours."""
    text = (rgb or "").strip().lstrip("#")
    if len(text) == 8:
        text = text[2:]
    try:
        colour = tuple(int(text[i : i + 2], 16) for i in (0, 2, 4)) if len(text) == 6 else None
    except ValueError:
        return None
    if colour is None:
        return None
    distance, status = min(
        (sum((a - b) ** 2 for a, b in zip(colour, shade, strict=True)) ** 0.5, status)
        for status, shades in FILL_PALETTE.items()
        for shade in shades
    )
    return status if distance <= FILL_TOLERANCE else None


def parse_status(text: str | None) -> Status | None:
    """The status a spreadsheet cell names, or None when the word is not one we know."""
    key = " ".join((text or "").replace("-", " ").split()).lower()
    # "G.", "(Amber)", "Complete!" read as the word.
    bare = key.strip(".!()[]* ")
    return SYNONYMS.get(key, SYNONYMS.get(bare) if bare else None)


def is_overdue(status: Status, due: date | None, as_at: date) -> bool:
    """A milestone is overdue when its due date has passed (before `as_at`) and it is not
    complete. A milestone due on `as_at` itself is not yet overdue."""
    return due is not None and due < as_at and status != Status.COMPLETE


@dataclass(frozen=True)
class Effective:
    """The status a milestone counts as in roll-ups and reports, and why."""

    status: Status
    reported: Status
    reason: str = ""

    @property
    def overdue(self) -> bool:
        return self.reason == OVERDUE

    @property
    def awaiting_sign_off(self) -> bool:
        return self.reason == AWAITING_SIGN_OFF

    @property
    def label(self) -> str:
        if self.awaiting_sign_off:
            return "Complete, awaiting sign-off"
        return self.status.label


def effective_status(
    reported: Status, due: date | None, as_at: date, awaiting_sign_off: bool = False
) -> Effective:
    """Overdue counts as off track whatever was last reported, with the reason "overdue".

    A completion that awaits a plan manager's sign-off counts as on track until it is
    confirmed: the officer has said it is done, so it is not late, but it is not yet evidenced.
    """
    if reported == Status.COMPLETE and awaiting_sign_off:
        return Effective(Status.ON_TRACK, reported, AWAITING_SIGN_OFF)
    if is_overdue(reported, due, as_at):
        return Effective(Status.OFF_TRACK, reported, OVERDUE)
    return Effective(reported, reported)


def roll_up(statuses: Iterable[Status]) -> Status:
    """The status of a recommendation, theme or plan from its milestones' effective statuses.

    All complete -> Complete; else any off track -> Off track; else any behind -> Behind;
    else any on track or complete -> On track; else Not started (also when there are none).
    """
    present = set(statuses)
    if not present:
        return Status.NOT_STARTED
    if present == {Status.COMPLETE}:
        return Status.COMPLETE
    for status in (Status.OFF_TRACK, Status.BEHIND):
        if status in present:
            return status
    if present & {Status.ON_TRACK, Status.COMPLETE}:
        return Status.ON_TRACK
    return Status.NOT_STARTED


def count_by_status(statuses: Iterable[Status]) -> dict[Status, int]:
    """Counts for every status, in severity order, zeros included."""
    counts = dict.fromkeys(SEVERITY, 0)
    for status in statuses:
        counts[status] += 1
    return counts


def is_stale(status: Status, last_update: date | None, as_at: date, cycle_days: int) -> bool:
    """An open milestone is stale when it has had no update within the reporting cycle up to
    `as_at` (or none at all). Complete milestones need no more updates."""
    if status == Status.COMPLETE:
        return False
    return last_update is None or (as_at - last_update).days > cycle_days


def closed_from(*closed_on: date | None) -> date | None:
    """The date an item leaves the figures: the earliest of its own closing date and its
    parents' (a closed recommendation closes its milestones); None while none is closed."""
    dates = [day for day in closed_on if day is not None]
    return min(dates) if dates else None


def is_open_as_at(closed_on: date | None, as_at: date, added_on: date | None = None) -> bool:
    """Whether an item counts in the figures as at the date: from the day it was added (an
    imported item, with none, always) until the day before it closes, never on or after that.
    So figures as at an earlier date (the timeline, an issued report) never change when an
    item is added or closed later."""
    return (added_on is None or added_on <= as_at) and (closed_on is None or as_at < closed_on)


def due_phrase(due: date | None, as_at: date, status: Status) -> str:
    """ "due in 12 days", "due today", "overdue by 40 days"; nothing once complete or undated."""
    if due is None or status == Status.COMPLETE:
        return ""
    days = (due - as_at).days
    if days == 0:
        return "due today"
    if days > 0:
        return f"due in {days_in_words(days)}"
    return f"overdue by {days_in_words(-days)}"


def days_in_words(days: int) -> str:
    """A span as people say it: days up to 90, then months, then years ("20 years")."""
    if days <= 90:
        return _plural(days, "day")
    # Whole months or years, rounded down as people count an age: 20 years 7 months is "20
    # years". One day more, so that the last day of a year (365 days) completes it.
    if days < 730:
        return _plural(int((days + 1) / 30.4375), "month")
    return _plural(int((days + 1) / 365.25), "year")


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"
