"""Natural sorting of references such as "2", "10", "LG1", "LG10", "2-2"."""

import re

_NUMBER = re.compile(r"(\d+)")


def natural_sort_key(ref: str) -> str:
    """A string that sorts as people read refs: 2 before 10, LG1 before LG2 before LG10.

    Numbers are zero-padded to ten digits so the key sorts correctly as plain text in any
    database, which lets the ORM order by it.
    """
    parts = _NUMBER.split(ref.strip().lower())
    return "".join(part.zfill(10) if part.isdigit() else part for part in parts)[:100]
