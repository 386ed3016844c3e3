"""Reports for any committee: which narrative was carried over from an earlier report, and
which text names a committee other than the one a report goes to. Pure functions."""

import re
from collections.abc import Iterable, Mapping

from .models import NARRATIVE_FIELDS

# Names worth catching even before a plan has reported to them.
USUAL_COMMITTEES = ("Improvement Board", "Cabinet")


def carried_over(values: Mapping[str, str], source: Mapping[str, str]) -> list[str]:
    """The narrative fields still holding the text copied from the source report: not blank
    there, and not edited since (the same text)."""
    return [
        name
        for name in NARRATIVE_FIELDS
        if (source.get(name) or "").strip() and (values.get(name) or "") == source[name]
    ]


def other_committees_named(
    values: Mapping[str, str], meeting: str, committees: Iterable[str], fields=NARRATIVE_FIELDS
) -> list[tuple[str, str]]:
    """(field, committee) for each of `fields` naming one of `committees` other than
    `meeting`, as whole words in any case. A committee whose name is part of this meeting's
    ("Improvement Board" in "Improvement Board (special meeting)") is this one."""
    own = _plain(meeting).casefold()
    others = sorted(
        {_plain(name) for name in committees if _plain(name)} - {""},
        key=str.casefold,
    )
    found = []
    for field in fields:
        text = values.get(field) or ""
        for committee in others:
            if committee.casefold() in own:
                continue
            pattern = r"\b" + r"\s+".join(map(re.escape, committee.split())) + r"\b"
            if re.search(pattern, text, flags=re.IGNORECASE):
                found.append((field, committee))
    return found


def _plain(name: str) -> str:
    return " ".join(name.split())
