"""The progress statement of a board report, as councils write it: pure, no ORM.

"There are 14 milestones due by 30 June 2006. Of these, 9 have been completed, 4 are on track
and 1 is behind."
"""

from datetime import date

from improvement.status import Status

# Done first, as cabinet reports list them.
ORDER = (Status.COMPLETE, Status.ON_TRACK, Status.BEHIND, Status.OFF_TRACK, Status.NOT_STARTED)

# (singular, plural) of what the milestones did: "1 has been completed", "4 are on track".
PHRASES = {
    Status.COMPLETE: ("has been completed", "have been completed"),
    Status.ON_TRACK: ("is on track", "are on track"),
    Status.BEHIND: ("is behind", "are behind"),
    Status.OFF_TRACK: ("is off track", "are off track"),
    Status.NOT_STARTED: ("has not started", "have not started"),
}


def long_date(day: date) -> str:
    """30 June 2006: the way the report's prose gives dates."""
    return f"{day.day} {day:%B %Y}"


def join(parts: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def progress_sentence(as_at: date, counts: dict[Status, int], overdue: int = 0) -> str:
    """The statement for the milestones due by `as_at`, from their counts by effective status
    (so an overdue milestone is already counted as off track); `overdue` says how many of the
    off-track ones are so because their date has passed."""
    total = sum(counts.values())
    when = long_date(as_at)
    if total == 0:
        return f"There are no milestones due by {when}."
    if total == 1:
        status = next(s for s in ORDER if counts.get(s))
        return f"There is 1 milestone due by {when}. It {PHRASES[status][0]}{_overdue(overdue)}."
    present = [s for s in ORDER if counts.get(s)]
    head = f"There are {total} milestones due by {when}."
    if len(present) == 1:
        status = present[0]
        return f"{head} All of them {PHRASES[status][1]}{_overdue(overdue, total)}."
    parts = []
    for status in present:
        n = counts[status]
        part = f"{n} {PHRASES[status][n != 1]}"
        if status == Status.OFF_TRACK:
            part += _overdue(overdue, n)
        parts.append(part)
    return f"{head} Of these, {join(parts)}."


def _overdue(overdue: int, off_track: int = 1) -> str:
    """Why off-track milestones are off track, when their date has passed."""
    if not overdue:
        return ""
    if off_track == 1:
        return " (overdue)"
    if overdue == off_track:
        return " (all overdue)"
    return f" ({overdue} of them overdue)"
