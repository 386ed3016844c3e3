"""Parse due dates the way UK councils write them in improvement plans.

Plans are typed by hand or exported from spreadsheets, so a "due" cell may hold ``3/06``,
``31/03/2022``, ``Sept 2009``, ``Mar-06``, ``Q3 2009/10``, ``Phase 1 - End March 2022``, several
of these at once, or a real ``date``. Every form is read as a period (first day, last day); a cell
is due on the last day of its latest period, because a milestone is only late once the whole of
the period it names has passed.

Conventions:

* ``m/yy`` (``3/06``) is a month and a two-digit year, never a day and a month. Its year must be
  2000-2049: ``6/52`` is the common shorthand for "six weeks" and ``3/99`` is no plan's date, so
  both yield nothing. (``m/yyyy`` is read as written.)
* ``d/m/yyyy`` and ``d/m/yy`` are UK day-first dates.
* Other two-digit years are 20xx: the plans this reads all date from 2000 onwards.
* Month names: ``June 2009``, ``30 June 2009``, ``31 Mar 22``, US order ``March 31, 2022`` and
  Excel's ``Mar-06``, ``Sep-2009``, ``31-Mar-22``. Two digits after a month name are its year
  (``April 24`` is April 2024): UK plans write the day first, so ``June 30`` is June 2030.
* ``w/c 3 June 2024`` (also ``w/b``, ``week commencing``, with any day form) is due on that
  week's Friday, the end of the working week (7 June 2024).
* Seasons are meteorological, as the Met Office counts them, and due at their end: ``Spring
  2024`` 31 May, ``Summer 2024`` 31 August, ``Autumn 2024`` 30 November, ``Winter 2024`` (and
  ``Winter 2024/25``) 28 February 2025, since winter runs December to February. School terms:
  ``Autumn term 2024`` 31 December, ``Spring term 2025`` 30 April (it ends at Easter),
  ``Summer term 2025`` 31 July; ``Spring term 2024/25`` is the term of that school year.
* ``2024-2026``, ``2024-26`` and ``2024 to 2026`` are spans of years (at most ten), due at the
  end of the span's last financial year: 31 March 2026. (``2009-2010`` is the financial year
  2009/10 either way.) With a slash only a financial year is read: ``2009/11`` yields nothing.
* ``2009/10``, ``2009-10``, ``2009-2010``, ``FY 2009/10`` and ``FY09/10`` are UK financial years
  (1 April to 31 March). ``Q3``, ``Qtr 3``, ``Quarter 3`` and ``3rd Qtr``, written before or after
  such a year (``Q3 FY09/10``, ``2009/10 Q3``), are quarters of it (Q1 = April to June).
* ``Q3 2009`` (a quarter with a bare year) is a calendar quarter: Q3 ends 30 September.
* A bare year such as ``2009`` is ambiguous (calendar or financial?); it is read as the calendar
  year, due 31 December, because that is how plan authors use it in practice, but only when the
  year is all the cell says: ``2009``, ``By 2010``, ``End of 2010``, ``during 2010`` (a leading
  by / to / until / end / of / the / during / in, trailing punctuation; ``From 2010`` starts on
  1 January). ``mid 2006`` or ``early 2010`` name some unknown part of the year, so they yield
  nothing rather than a guess that is up to eleven months late.
* ``Ongoing``, ``TBC``, ``To be confirmed``, ``n/a`` name no due date (see :func:`names_no_date`):
  the importer keeps the text and warns.
* ``From April 2009`` names when work starts, not when it is due: it sets ``starts`` only.
* A form that looks like a date but is not one (``31/02/2022``, ``13/06``, ``2009/11``,
  ``Q5 2009/10``) yields nothing, and no shorter form is read out of its pieces.
* ``partial`` is True when the cell says more about timing than was read: it holds a season or
  vague word (mid, early, late), a season with no year it could be read with, or a year that no
  form used. An importer should warn "part of the due date could not be read" (``mid 2010``
  gives no due date; ``Early June 2009`` is due 30 June 2009 but the "early" is lost).
"""

import calendar
import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple


@dataclass(frozen=True)
class ParsedDue:
    """What a due-date cell says: when the work is due and, for "From ..." cells, when it starts.

    ``partial`` is True when the cell also holds timing text that could not be read (see the
    module docstring), so the caller can warn instead of trusting ``due`` silently.
    """

    due: date | None = None
    starts: date | None = None
    partial: bool = False


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


def _quarter_number(m: re.Match[str]) -> int:
    # "Q3" / "Quarter 3" fill ``q``; "3rd Qtr" fills ``nth``.
    return int(m["q"] or m["nth"])


def _from_quarter(m: re.Match[str]) -> _Period:
    quarter = _quarter_number(m)
    if m["y2"] is None:
        if m.groupdict().get("fy"):
            # "FY 2009" could be the year starting or ending in 2009: refuse to guess.
            raise ValueError("a financial year needs both of its years")
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


def _from_week_commencing(m: re.Match[str]) -> _Period:
    """ "w/c 3 June 2024": due on that week's Friday, the end of the working week."""
    if m["month"] is not None:
        start = date(expand_year(m["y"]), MONTHS[m["month"][:3].lower()], int(m["d"]))
    elif m["d2"] is not None:
        start = date(expand_year(m["y2"]), int(m["m"]), int(m["d2"]))
    else:
        start = date(int(m["y3"]), int(m["m3"]), int(m["d3"]))
    return _Period(start, start + timedelta(days=(4 - start.weekday()) % 7))


# Meteorological seasons (the Met Office's), each due at its last day; winter is December to
# February, so "Winter 2024" and "Winter 2024/25" both end on the last day of February 2025.
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11)}
# School terms, by the calendar year they fall in: the autumn term ends at Christmas, the spring
# term at Easter (as late as April), the summer term in July.
_TERMS = {"autumn": (9, 12), "spring": (1, 4), "summer": (4, 7)}


def _from_season(m: re.Match[str]) -> _Period:
    season, year = m["season"].lower(), expand_year(m["y1"])
    if season == "fall":
        season = "autumn"
    if m["term"] and season == "winter":
        season = "spring"  # the term after Christmas goes by both names
    if m["y2"] is not None:
        # "Winter 2009/10", "Spring term 2009/10": of an academic year, September to August.
        second = financial_year_start_year(m["y1"], m["y2"]) + 1
        if m["term"]:
            year = year if season == "autumn" else second
        elif season != "winter":
            raise ValueError(f"{m[0]!r} names one season of two years")
    if m["term"]:
        first, last = _TERMS[season]
    elif season == "winter":
        return _Period(date(year, 12, 1), month_end(year + 1, 2))
    else:
        first, last = _SEASONS[season]
    return _Period(date(year, first, 1), month_end(year, last))


def _from_span_of_years(m: re.Match[str]) -> _Period:
    """ "2024-2026", "2024-26": the end of the span's last financial year (31 March 2026)."""
    first = int(m["y1"])
    last = int(m["y2"]) if len(m["y2"]) == 4 else first // 100 * 100 + int(m["y2"])
    if len(m["y2"]) == 2 and last <= first:
        last += 100
    if not 0 < last - first <= _LONGEST_SPAN_YEARS:
        raise ValueError(f"{m[0]!r} is not a span of years")
    return _Period(financial_year_start(first), financial_year_end(last - 1))


# A plan's span of years is a few years; "2009-2049" is more likely a slip than a plan.
_LONGEST_SPAN_YEARS = 10


def _from_written_month(m: re.Match[str]) -> _Period:
    # UK councils write the day first ("30 June"), so two digits after a month name are its
    # year: "April 24" is April 2024.
    return _from_month_name(m)


# "6/52" is the usual shorthand for "six weeks"; no plan is due after 2049 in m/yy form.
_LATEST_TWO_DIGIT_MONTH_YEAR = 2049


def _from_month_year(m: re.Match[str]) -> _Period:
    year = expand_year(m["y"])
    if len(m["y"]) == 2 and year > _LATEST_TWO_DIGIT_MONTH_YEAR:
        raise ValueError(f"{m[0]!r} is not a month of 2000-2049")
    return _month_period(year, int(m["m"]))


# Numbers glued to a slash or digit belong to a longer form (a date, a ratio, a reference), so
# no pattern may start or stop in the middle of one.
_START = r"(?<![\d/])"
_STOP = r"(?![\d/])"
_YEAR = r"\d{4}|\d{2}"
_MONTH_NAME = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
_ORDINAL = r"(?:st|nd|rd|th)"
# "Q3", "Qtr 3", "Quarter 3" or "3rd Qtr" / "3rd quarter".
_QUARTER = rf"(?:\b(?:q|qtr|quarter)\.?\s*(?P<q>\d)|\b(?P<nth>\d){_ORDINAL}\s*(?:qtr|quarter)\b\.?)"
# A financial year "2009/10", "FY 2009/10" or "FY09/10": two-digit first years only after "FY",
# so that m/yy ("12/06") is never taken for one.
_FY_PAIR = rf"(?:\bFY\s*|{_START}(?=\d{{4}}))(?P<y1>{_YEAR})\s*[/-]\s*(?P<y2>{_YEAR}){_STOP}"
_FLAGS = re.IGNORECASE | re.ASCII
_WEEK = r"\b(?:w\s*/\s*[cb]|wc|wb|week\s+(?:commencing|beginning))\.?:?\s*"


# Most specific first: each form's text is used up before shorter forms are looked for, so
# ``2022-03-31`` is never also read as the financial year ``2022-03``, nor ``31/02/2022`` as
# ``02/2022``.
_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _Period]], ...] = (
    # "w/c 3 June 2024", "week commencing 03/06/2024", "w/b 2024-06-03".
    (
        re.compile(
            rf"{_WEEK}(?:(?P<d>\d{{1,2}}){_ORDINAL}?\s+(?:of\s+)?{_MONTH_NAME},?\s*(?P<y>{_YEAR})"
            rf"|(?P<d2>\d{{1,2}})[/.-](?P<m>\d{{1,2}})[/.-](?P<y2>{_YEAR})"
            rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{1,2}})-(?P<d3>\d{{1,2}})){_STOP}",
            _FLAGS,
        ),
        _from_week_commencing,
    ),
    (
        re.compile(
            r"\b(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?P<term>term))?,?\s+"
            rf"(?:of\s+)?(?P<y1>\d{{4}}|\d{{2}})(?:\s*/\s*(?P<y2>{_YEAR}))?{_STOP}",
            _FLAGS,
        ),
        _from_season,
    ),
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
    # Quarter first: "Q3 2009/10", "Qtr 3 FY09/10", "1st quarter of 2009/10", "Q3 2009".
    (
        re.compile(
            rf"{_QUARTER}[\s,]*(?:of\s+)?(?P<fy>FY\s*)?(?P<y1>{_YEAR})"
            rf"(?:\s*[/-]\s*(?P<y2>{_YEAR}))?{_STOP}",
            _FLAGS,
        ),
        _from_quarter,
    ),
    # Year first: "2009/10 Q3".
    (re.compile(rf"{_FY_PAIR}[\s,]*{_QUARTER}", _FLAGS), _from_quarter),
    # Spans of years, "2024-2026" or "2024-26", written with a dash or "to" (a slash is only
    # ever one financial year: "2009/11" is refused).
    (
        re.compile(
            rf"{_START}(?P<y1>(?:19|20)\d{{2}})\s*(?:-|\bto\b)\s*(?P<y2>{_YEAR}){_STOP}", _FLAGS
        ),
        _from_span_of_years,
    ),
    (re.compile(_FY_PAIR, _FLAGS), _from_financial_year),
    # Excel's "Mar-06", "Sep-2009", "31-Mar-22": the dash always joins a month to a year.
    (
        re.compile(rf"\b(?:{_START}(?P<d>\d{{1,2}})-)?{_MONTH_NAME}-(?P<y>{_YEAR}){_STOP}", _FLAGS),
        _from_month_name,
    ),
    # US order, "March 31, 2022": only with a four-digit year, which cannot be mistaken for a day.
    (
        re.compile(
            rf"\b{_MONTH_NAME}\s+(?P<d>\d{{1,2}}){_ORDINAL}?(?:,\s*|\s+)(?P<y>\d{{4}}){_STOP}",
            _FLAGS,
        ),
        _from_month_name,
    ),
    (
        re.compile(
            rf"\b(?:{_START}(?P<d>\d{{1,2}}){_ORDINAL}?\s+(?:of\s+)?)?{_MONTH_NAME},?\s*"
            rf"(?P<y>{_YEAR}){_STOP}",
            _FLAGS,
        ),
        _from_written_month,
    ),
    (re.compile(rf"{_START}(?P<m>\d{{1,2}})/(?P<y>{_YEAR}){_STOP}", _FLAGS), _from_month_year),
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
# A cell that is nothing but a year, give or take a few filler words and punctuation. Masked
# text cannot match, so a year beside any other form (even a refused one) is never read alone.
_YEAR_ALONE = re.compile(
    r"[\s(]*(?P<lead>(?:(?:by|to|until|till|end|of|the|during|in"
    r"|from|starting|starts|commencing|beginning)\s+)*)"
    r"(?P<y>(?:19|20)\d{2})[\s).,;:!?-]*",
    _FLAGS,
)
_BARE_YEAR = re.compile(rf"{_START}(?:19|20)\d{{2}}{_STOP}", _FLAGS)
# Words that place a due date somewhere inside a period without saying where.
_VAGUE_WORD = re.compile(r"\b(?:mid|early|late)\b", _FLAGS)
# A season is read with its year ("Summer 2024"); left over, it is timing that was not read.
_SEASON_WORD = re.compile(r"\b(?:spring|summer|autumn|fall|winter)\b", _FLAGS)
# Words that say there is no due date, as plans write it; the text is kept, with a warning.
_UNDATED = re.compile(
    r"\s*(?:on-?\s?going|continuous|continual|tbc|tba|tbd|to be (?:confirmed|agreed|decided)"
    r"|n/a|not applicable)[\s.!]*",
    _FLAGS,
)


class _Found(NamedTuple):
    period: _Period
    is_start: bool


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Return ``text`` with each of ``spans`` overwritten so later patterns cannot use it."""
    chars = list(text)
    for begin, end in spans:
        chars[begin:end] = _MASK * (end - begin)
    return "".join(chars)


def _find_periods(text: str) -> tuple[list[_Found], str]:
    """Return every period written in ``text``, each read by the most specific form that fits,
    and ``text`` with the forms' text masked out.

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
    return found, remaining


def _year_alone(leftover: str) -> _Found | None:
    """Read a cell that says only a year (``2009``, ``By 2010``) as that calendar year."""
    match = _YEAR_ALONE.fullmatch(leftover)
    if match is None:
        return None
    year = int(match["y"])
    is_start = _STARTS_WORD.search(match["lead"]) is not None
    return _Found(_Period(date(year, 1, 1), date(year, 12, 31)), is_start)


def _parse_text(text: str) -> ParsedDue:
    found, leftover = _find_periods(text)
    alone = _year_alone(leftover)
    if alone is not None:
        found.append(alone)
    unused_year = alone is None and _BARE_YEAR.search(leftover) is not None
    ends = [f.period.last for f in found if not f.is_start]
    starts = [f.period.first for f in found if f.is_start]
    return ParsedDue(
        due=max(ends, default=None),
        starts=min(starts, default=None),
        partial=unused_year
        or _VAGUE_WORD.search(text) is not None
        or _SEASON_WORD.search(leftover) is not None,
    )


def parse_due(text: str | date | None) -> ParsedDue:
    """Read a due-date cell; never raises.

    ``due`` is the last day of the latest period in the cell (``7/06 12/06`` is due 31 Dec
    2006); ``starts`` is the first day of the earliest period introduced by "From" (or
    "starting", "commencing"), which does not count towards ``due``. A ``date`` (as spreadsheets
    give) is due on that day, a ``datetime`` on its date. Text with no date in it (``ongoing``,
    ``TBC``, blank, None, anything that is neither a string nor a date) gives ``ParsedDue(None,
    None)``. ``partial`` flags timing text that could not be read (see the module docstring).
    """
    # datetime is a subclass of date, so it must be looked for first.
    if isinstance(text, datetime):
        return ParsedDue(due=text.date())
    if isinstance(text, date):
        return ParsedDue(due=text)
    if not isinstance(text, str) or not text.strip():
        return NOTHING
    return _parse_text(text.translate(_NORMALISE))


def parse_due_date(text: str | date | None) -> date | None:
    """Return the due date :func:`parse_due` reads from ``text``, or None; never raises."""
    return parse_due(text).due


def names_no_date(text: str | None) -> bool:
    """Whether a due cell says, in words, that there is no due date: "Ongoing", "TBC",
    "To be confirmed", "n/a"."""
    return isinstance(text, str) and _UNDATED.fullmatch(text.translate(_NORMALISE)) is not None


# A financial year, leap day and all; anything longer is several periods.
_LONGEST_PERIOD_DAYS = 366
_PERIOD_MONTH_YY = re.compile(r"^\s*([A-Za-z]+\.?)\s+(\d{2})\s*$")


def _month_number(word: str) -> int | None:
    """January..December, written in full or cut short ("Mar", "Sept", "Sept.")."""
    word = word.lower().rstrip(".")
    for number, name in enumerate(calendar.month_name[1:], start=1):
        if len(word) >= 3 and name.lower().startswith(word):
            return number
    return MONTHS.get(word)


def parse_period(text: str | date | None) -> date | None:
    """Return the last day of the one reporting period ``text`` names, or None; never raises.

    Performance indicator returns name their periods as councils write them: ``March 06``
    (31 Mar 2006), ``Jun 2022``, ``2008/09`` (a financial year: 31 Mar 2009), ``Q1 2009/10``
    (30 Jun 2009), ``2022-06-30``; every form :func:`parse_due` reads is accepted, and a
    ``date`` is its own period end.

    A figure belongs to exactly one period, so unlike a due date nothing is taken on trust: the
    text gives None, for the caller to ask again, when it names several periods (``7/06
    12/06``), only a start (``From April 2009``), a bare year (``2009`` could be the calendar
    or the financial year), or timing that is only partly read (``Spring 2010``, ``Early June
    2009``).
    """
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    if not isinstance(text, str) or not text.strip():
        return None
    text = text.translate(_NORMALISE)
    # In a period column a month name and two digits is always a month and year ("March 10"),
    # where a due date must allow for "June 30" meaning a day.
    if (short := _PERIOD_MONTH_YY.match(text)) and (month := _month_number(short[1])):
        return month_end(2000 + int(short[2]), month)
    found, leftover = _find_periods(text)
    if len(found) != 1 or found[0].is_start:
        return None
    if (found[0].period.last - found[0].period.first).days > _LONGEST_PERIOD_DAYS:
        return None  # a span of years ("2024-26") is no one period's figures
    if _BARE_YEAR.search(leftover) or _VAGUE_WORD.search(text) or _SEASON_WORD.search(text):
        return None
    return found[0].period.last
