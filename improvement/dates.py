"""Parse due dates the way UK councils write them in improvement plans.

Plans are typed by hand, so a "due" cell may hold ``3/06``, ``31/03/2022``, ``Sept 2009``,
``Q3 2009/10``, ``Phase 1 - End March 2022`` or several of these at once. Every form is read as
a period (first day, last day); a cell is due on the last day of its latest period, because a
milestone is only late once the whole of the period it names has passed.

Conventions:

* ``m/yy`` (``3/06``) is a month and a two-digit year, never a day and a month.
* ``d/m/yyyy`` and ``d/m/yy`` are UK day-first dates.
* Two-digit years are 20xx: the plans this reads all date from 2000 onwards.
* ``2009/10``, ``2009-10`` and ``2009-2010`` are UK financial years (1 April to 31 March), and
  ``Q1``..``Q4`` are quarters of that financial year (Q1 = April to June).
* ``Q3 2009`` (a quarter with a bare year) is a calendar quarter: Q3 ends 30 September.
* A bare year such as ``2009`` is ambiguous (calendar or financial?); it is read as the calendar
  year, due 31 December, because that is how plan authors use it in practice.
* ``From April 2009`` names when work starts, not when it is due: it sets ``starts`` only.
* A form that looks like a date but is not one (``31/02/2022``, ``13/06``, ``2009/11``,
  ``Q5 2009/10``) yields nothing, and no shorter form is read out of its pieces.
"""

import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple


@dataclass(frozen=True)
class ParsedDue:
    """What a due-date cell says: when the work is due and, for "From ..." cells, when it starts."""

    due: date | None = None
    starts: date | None = None


NOTHING = ParsedDue(None, None)

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


def month_end(year: int, month: int) -> date:
    """Return the last day of ``month`` in ``year``; raise ValueError if either is invalid."""
    return date(year, month, monthrange(year, month)[1])


def expand_year(digits: str) -> int:
    """Return the year ``digits`` names: four digits as written, two digits as 20xx."""
    year = int(digits)
    return 2000 + year if len(digits) <= 2 else year


def financial_year_start(start_year: int) -> date:
    """Return 1 April of ``start_year``, the first day of the financial year starting then."""
    return date(start_year, 4, 1)


def financial_year_end(start_year: int) -> date:
    """Return 31 March of ``start_year + 1``, the last day of the financial year starting then."""
    return date(start_year + 1, 3, 31)


def financial_year_start_year(first: str, second: str) -> int:
    """Return the start year of the financial year written ``first/second``.

    ``second`` may be two or four digits (``2009/10``, ``2009/2010``) and must be the year after
    ``first``; ``2009/11`` is not a financial year, so it raises ValueError.
    """
    start = expand_year(first)
    end = int(second)
    expected = start + 1 if len(second) == 4 else (start + 1) % 100
    if end != expected:
        raise ValueError(f"{first}/{second} is not a financial year")
    return start


def _check_quarter(quarter: int) -> None:
    if not 1 <= quarter <= 4:
        raise ValueError(f"there is no quarter {quarter}")


def _month_of_financial_year(index: int, fy_start_year: int) -> tuple[int, int]:
    """Return (year, month) of the ``index``-th month (0 = April) of the financial year."""
    months_from_january = 3 + index
    return fy_start_year + months_from_january // 12, months_from_january % 12 + 1


def quarter_start(quarter: int, fy_start_year: int) -> date:
    """Return the first day of financial-year quarter ``quarter`` (Q1 starts 1 April)."""
    _check_quarter(quarter)
    year, month = _month_of_financial_year(3 * (quarter - 1), fy_start_year)
    return date(year, month, 1)


def quarter_end(quarter: int, fy_start_year: int) -> date:
    """Return the last day of financial-year quarter ``quarter`` (Q4 ends 31 March next year)."""
    _check_quarter(quarter)
    year, month = _month_of_financial_year(3 * quarter - 1, fy_start_year)
    return month_end(year, month)


class _Period(NamedTuple):
    first: date
    last: date


def _month_period(year: int, month: int) -> _Period:
    return _Period(date(year, month, 1), month_end(year, month))


def _day_period(year: int, month: int, day: int) -> _Period:
    when = date(year, month, day)
    return _Period(when, when)


def _from_iso(m: re.Match[str]) -> _Period:
    return _day_period(int(m["y"]), int(m["m"]), int(m["d"]))


def _from_day_month_year(m: re.Match[str]) -> _Period:
    return _day_period(expand_year(m["y"]), int(m["m"]), int(m["d"]))


def _from_quarter(m: re.Match[str]) -> _Period:
    quarter = int(m["q"])
    if m["y2"] is None:
        # A quarter of a bare year can only be a calendar quarter.
        _check_quarter(quarter)
        year = expand_year(m["y1"])
        return _Period(date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter))
    fy = financial_year_start_year(m["y1"], m["y2"])
    return _Period(quarter_start(quarter, fy), quarter_end(quarter, fy))


def _from_financial_year(m: re.Match[str]) -> _Period:
    fy = financial_year_start_year(m["y1"], m["y2"])
    return _Period(financial_year_start(fy), financial_year_end(fy))


def _from_month_name(m: re.Match[str]) -> _Period:
    year, month = expand_year(m["y"]), MONTHS[m["month"][:3].lower()]
    if m["d"] is None:
        return _month_period(year, month)
    return _day_period(year, month, int(m["d"]))


def _from_month_year(m: re.Match[str]) -> _Period:
    return _month_period(expand_year(m["y"]), int(m["m"]))


def _from_bare_year(m: re.Match[str]) -> _Period:
    year = int(m["y"])
    return _Period(date(year, 1, 1), date(year, 12, 31))


# Numbers glued to a slash or digit belong to a longer form (a date, a ratio, a reference), so
# no pattern may start or stop in the middle of one.
_START = r"(?<![\d/])"
_STOP = r"(?![\d/])"
_YEAR = r"\d{4}|\d{2}"
_MONTH_NAME = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
_FLAGS = re.IGNORECASE | re.ASCII

# Most specific first: each form's text is used up before shorter forms are looked for, so
# ``2022-03-31`` is never also read as the financial year ``2022-03``, nor ``31/02/2022`` as
# ``02/2022``.
_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _Period]], ...] = (
    (
        re.compile(rf"{_START}(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}}){_STOP}", _FLAGS),
        _from_iso,
    ),
    (
        re.compile(
            rf"{_START}(?P<d>\d{{1,2}})(?P<sep>[/.-])(?P<m>\d{{1,2}})(?P=sep)(?P<y>{_YEAR}){_STOP}",
            _FLAGS,
        ),
        _from_day_month_year,
    ),
    (
        re.compile(
            rf"\b(?:q|quarter\s*)(?P<q>\d)[\s,]*(?P<y1>{_YEAR})(?:\s*[/-]\s*(?P<y2>{_YEAR}))?{_STOP}",
            _FLAGS,
        ),
        _from_quarter,
    ),
    (
        re.compile(rf"{_START}(?P<y1>\d{{4}})\s*[/-]\s*(?P<y2>{_YEAR}){_STOP}", _FLAGS),
        _from_financial_year,
    ),
    (
        re.compile(
            rf"\b(?:{_START}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?)?{_MONTH_NAME},?\s*"
            rf"(?P<y>{_YEAR}){_STOP}",
            _FLAGS,
        ),
        _from_month_name,
    ),
    (re.compile(rf"{_START}(?P<m>\d{{1,2}})/(?P<y>{_YEAR}){_STOP}", _FLAGS), _from_month_year),
    (re.compile(rf"{_START}(?P<y>(?:19|20)\d{{2}}){_STOP}", _FLAGS), _from_bare_year),
)

# Every dash and odd space a word processor produces, mapped one-for-one so positions survive.
_NORMALISE = str.maketrans(
    {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}
    | {c: " " for c in "\u00a0\u2007\u2009\u202f\t\r\n"}
    | {"\u2044": "/", "\u2215": "/", "\uff0f": "/"}
)
# Masks used-up text with a character no pattern can match or step across.
_MASK = "\x00"
_STARTS_WORD = re.compile(r"\b(?:from|starting|starts|commencing|beginning)\s*$", _FLAGS)


class _Found(NamedTuple):
    period: _Period
    is_start: bool


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Return ``text`` with each of ``spans`` overwritten so later patterns cannot use it."""
    chars = list(text)
    for begin, end in spans:
        chars[begin:end] = _MASK * (end - begin)
    return "".join(chars)


def _find_periods(text: str) -> list[_Found]:
    """Return every period written in ``text``, each read by the most specific form that fits.

    A form that matches but names no real date (``31/02/2022``) still uses up its text and
    contributes nothing.
    """
    found: list[_Found] = []
    remaining = text
    for pattern, convert in _PATTERNS:
        spans = []
        for match in pattern.finditer(remaining):
            spans.append(match.span())
            try:
                period = convert(match)
            except ValueError:
                continue
            is_start = _STARTS_WORD.search(text[max(0, match.start() - 40) : match.start()])
            found.append(_Found(period, is_start is not None))
        remaining = _mask(remaining, spans)
    return found


def parse_due(text: str | None) -> ParsedDue:
    """Read a due-date cell; never raises.

    ``due`` is the last day of the latest period in the cell (``7/06 12/06`` is due 31 Dec
    2006); ``starts`` is the first day of the earliest period introduced by "From" (or
    "starting", "commencing"), which does not count towards ``due``. Text with no date in it
    (``ongoing``, ``TBC``, blank, None, anything that is not a string) gives ``ParsedDue(None,
    None)``.
    """
    if not isinstance(text, str) or not text.strip():
        return NOTHING
    found = _find_periods(text.translate(_NORMALISE))
    ends = [f.period.last for f in found if not f.is_start]
    starts = [f.period.first for f in found if f.is_start]
    return ParsedDue(due=max(ends, default=None), starts=min(starts, default=None))


def parse_due_date(text: str | None) -> date | None:
    """Return the due date :func:`parse_due` reads from ``text``, or None; never raises."""
    return parse_due(text).due
