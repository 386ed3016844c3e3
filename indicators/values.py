"""Figures as councils write them: a plain number is a number; anything else stays words.

Pure functions, no ORM. A PI return holds "75", "75%", "1,234" and "-3.5", but also "Up to
50%", "89.5% (19/20)" and "New indicator". Only the first kind can be rated or charted; the
rest is kept and shown exactly as written, never dropped and never half-read into a number.
"""

import re
from decimal import Decimal, InvalidOperation

# Digits with optional thousands separators in groups of three, an optional decimal part, an
# optional sign before and an optional per cent sign after.
_NUMBER = re.compile(
    r"(?P<sign>[+-]?)\s*(?P<whole>\d{1,3}(?:,\d{3})+|\d+)?(?:\.(?P<fraction>\d+))?\s*%?",
    re.ASCII,
)
# Every minus sign a word processor produces.
_MINUS = str.maketrans({c: "-" for c in "\u2212\u2012\u2013\ufe63\uff0d"})

# What the database keeps (Measurement's *_number fields): a larger or more precise number is
# refused by the form rather than silently rounded.
MAX_WHOLE_DIGITS = 14
MAX_DECIMAL_PLACES = 6


def parse_number(text: str | int | float | Decimal | None) -> Decimal | None:
    """The number a cell holds, or None when it holds words (or nothing); never raises.

    "75", "75%", "75 %", "1,234", "-3.5", ".5" and "+2" are numbers (a per cent sign is the
    unit's business, so "75%" is 75). "Up to 50%", "89.5% (19/20)", "1,23", "£5", "N/A" and
    "New indicator" are not. Numbers from a spreadsheet (int, float) are read as written.
    """
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, Decimal):
        return text if text.is_finite() else None
    if isinstance(text, int | float):
        return parse_number(repr(text)) if isinstance(text, float) else Decimal(text)
    if not isinstance(text, str):
        return None
    match = _NUMBER.fullmatch(text.translate(_MINUS).strip())
    if match is None or not (match["whole"] or match["fraction"]):
        return None
    digits = (match["whole"] or "0").replace(",", "")
    if match["fraction"]:
        digits += "." + match["fraction"]
    try:
        number = Decimal(match["sign"] + digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None
    return number


def fits_storage(number: Decimal) -> bool:
    """Whether the number can be kept exactly (see MAX_WHOLE_DIGITS, MAX_DECIMAL_PLACES)."""
    sign, digits, exponent = number.normalize().as_tuple()
    places = max(0, -exponent)
    whole = max(0, len(digits) + exponent)
    return places <= MAX_DECIMAL_PLACES and whole <= MAX_WHOLE_DIGITS


def format_number(number: Decimal | float | int) -> str:
    """A number as a report prints it: thousands separated, no trailing zeros ("1,234.5")."""
    value = Decimal(str(number)) if not isinstance(number, Decimal) else number
    if value == value.to_integral_value():
        return f"{value.to_integral_value():,f}"
    text = f"{value.normalize():,f}"
    return text
