"""Table-driven tests for improvement.dates: pure functions, no database."""

import random
from datetime import date, datetime

import pytest

from improvement.dates import (
    ParsedDue,
    financial_year_end,
    financial_year_start,
    financial_year_start_year,
    month_end,
    names_no_date,
    parse_due,
    parse_due_date,
    parse_period,
    quarter_end,
    quarter_start,
)

DUE_CASES = [
    # m/yy: month and two-digit year, due at the end of the month.
    ("03/06", date(2006, 3, 31)),
    ("6/06", date(2006, 6, 30)),
    ("3/06", date(2006, 3, 31)),
    ("12/06", date(2006, 12, 31)),
    ("1/06", date(2006, 1, 31)),
    ("2/06", date(2006, 2, 28)),
    ("2/08", date(2008, 2, 29)),
    ("03/2022", date(2022, 3, 31)),
    # m/yy years are 2000-2049 only: "6/52" is "six weeks", and no plan is due in 2099.
    ("6/52", None),
    ("3/99", None),
    ("1/50", None),
    ("12/49", date(2049, 12, 31)),
    ("03/2052", date(2052, 3, 31)),  # four digits are read as written
    # d/m/yyyy, UK day first.
    ("31/03/2022", date(2022, 3, 31)),
    ("1/4/2009", date(2009, 4, 1)),
    ("31/03/22", date(2022, 3, 31)),
    ("1.4.2009", date(2009, 4, 1)),
    ("31/02/2022", None),
    # ISO.
    ("2022-03-31", date(2022, 3, 31)),
    # Month name and year.
    ("June 2009", date(2009, 6, 30)),
    ("Sept 2009", date(2009, 9, 30)),
    ("sept 2009", date(2009, 9, 30)),
    ("SEPTEMBER 2009", date(2009, 9, 30)),
    ("Sept. 2009", date(2009, 9, 30)),
    ("June 06", date(2006, 6, 30)),
    ("March 06", date(2006, 3, 31)),
    ("30 June 2009", date(2009, 6, 30)),
    ("30 Jun 2009", date(2009, 6, 30)),
    ("30th June 2009", date(2009, 6, 30)),
    ("1st of March 2022", date(2022, 3, 1)),
    ("15 Feb 2010", date(2010, 2, 15)),
    ("31 June 2009", None),
    ("31 Mar 22", date(2022, 3, 31)),  # after a day, two digits can only be the year
    # Two digits after a month name are its year: UK plans write the day first.
    ("June 30", date(2030, 6, 30)),
    ("March 10", date(2010, 3, 31)),
    # US order, always with a four-digit year.
    ("March 31, 2022", date(2022, 3, 31)),
    ("March 31st 2022", date(2022, 3, 31)),
    ("Jun 6,2009", date(2009, 6, 6)),
    # Excel's mmm-yy and d-mmm-yy.
    ("Mar-06", date(2006, 3, 31)),
    ("Jun-09", date(2009, 6, 30)),
    ("Dec-06", date(2006, 12, 31)),
    ("Jun-12", date(2012, 6, 30)),
    ("Sep-2009", date(2009, 9, 30)),
    ("31-Mar-22", date(2022, 3, 31)),
    ("31-Mar-2022", date(2022, 3, 31)),
    ("Apr-09 - Mar-10", date(2010, 3, 31)),
    ("Phase 1-March 2022", date(2022, 3, 31)),  # a lone dash before a month is not a day
    # By / To: end of the month.
    ("By May 2009", date(2009, 5, 31)),
    ("To June 2009", date(2009, 6, 30)),
    # Financial years (1 April to 31 March).
    ("2009-2010", date(2010, 3, 31)),
    ("2009/10", date(2010, 3, 31)),
    ("2009/2010", date(2010, 3, 31)),
    ("2009-10", date(2010, 3, 31)),
    ("2009 – 2010", date(2010, 3, 31)),
    ("1999/00", date(2000, 3, 31)),
    ("FY 2009/10", date(2010, 3, 31)),
    ("FY09/10", date(2010, 3, 31)),
    # Financial-year quarters.
    ("Q1 2009/10", date(2009, 6, 30)),
    ("Q2 2009/10", date(2009, 9, 30)),
    ("Q3 2009/10", date(2009, 12, 31)),
    ("Q4 2009/10", date(2010, 3, 31)),
    ("Q3 2009-10", date(2009, 12, 31)),
    ("q3 2009/2010", date(2009, 12, 31)),
    ("Quarter 4 2009/10", date(2010, 3, 31)),
    ("Q4 09/10", date(2010, 3, 31)),
    ("Q3 FY09/10", date(2009, 12, 31)),
    ("Qtr 3 2009/10", date(2009, 12, 31)),
    ("1st Qtr 2009/10", date(2009, 6, 30)),
    ("3rd quarter of 2009/10", date(2009, 12, 31)),
    ("Quarter 2 2009/10", date(2009, 9, 30)),
    ("2009/10 Q3", date(2009, 12, 31)),
    ("FY09/10 Qtr 4", date(2010, 3, 31)),
    ("Q3 FY 2009", None),  # FY 2009 could start or end in 2009
    ("12/06 Q3", date(2006, 12, 31)),  # m/yy is never taken for a financial year
    # A quarter of a bare year is a calendar quarter.
    ("Q3 2009", date(2009, 9, 30)),
    # "End ..." and phases.
    ("Phase 1 - End March 2022", date(2022, 3, 31)),
    ("End Dec 2021", date(2021, 12, 31)),
    # Open-ended "from this month on" written with a trailing dash.
    ("9/06 –", date(2006, 9, 30)),
    ("June 2006 -", date(2006, 6, 30)),
    # Several dates: the latest.
    ("7/06 12/06", date(2006, 12, 31)),
    ("9/06 6/06", date(2006, 9, 30)),
    ("2/06 6/06", date(2006, 6, 30)),
    ("7/06-12/06", date(2006, 12, 31)),
    ("Immediate (Jan – June 06)", date(2006, 6, 30)),
    ("31/03/2022 and Q1 2022/23", date(2022, 6, 30)),
    # Mixed words.
    ("By end of 2009/10", date(2010, 3, 31)),
    # A cell that is only a calendar year is due at the year's end.
    ("2009", date(2009, 12, 31)),
    ("By 2010", date(2010, 12, 31)),
    ("End of 2010", date(2010, 12, 31)),
    ("by the end of 2010.", date(2010, 12, 31)),
    ("During 2010", date(2010, 12, 31)),
    ("in 2010", date(2010, 12, 31)),
    ("(2009)", date(2009, 12, 31)),
    # Nothing to read.
    ("ongoing", None),
    ("TBC", None),
    ("Immediate", None),
    ("", None),
    ("   ", None),
]


@pytest.mark.parametrize(("text", "expected"), DUE_CASES)
def test_parse_due(text: str, expected: date | None) -> None:
    assert parse_due(text) == ParsedDue(due=expected, starts=None)


@pytest.mark.parametrize(("text", "expected"), DUE_CASES)
def test_parse_due_date_is_the_due_field(text: str, expected: date | None) -> None:
    assert parse_due_date(text) == expected


@pytest.mark.parametrize(
    ("text", "due", "starts"),
    [
        ("From April 2009", None, date(2009, 4, 1)),
        ("from april 2009", None, date(2009, 4, 1)),
        ("From 4/09", None, date(2009, 4, 1)),
        ("From 15/04/2009", None, date(2009, 4, 15)),
        ("From 2009/10", None, date(2009, 4, 1)),
        ("From April 2009 to March 2010", date(2010, 3, 31), date(2009, 4, 1)),
        ("Starting June 2009 – by Dec 2009", date(2009, 12, 31), date(2009, 6, 1)),
        ("From 2010", None, date(2010, 1, 1)),
        ("From Apr-09 to Mar-10", date(2010, 3, 31), date(2009, 4, 1)),
    ],
)
def test_parse_due_start_dates(text: str, due: date | None, starts: date | None) -> None:
    assert parse_due(text) == ParsedDue(due=due, starts=starts)


@pytest.mark.parametrize(
    ("text", "due", "partial"),
    [
        # A year with a vague word is not read on its own: the importer should warn.
        ("mid 2006", None, True),
        ("Mid-2006", None, True),
        ("early 2010", None, True),
        # A season is read with its year; without one it is timing that was not read.
        ("Spring 2010", date(2010, 5, 31), False),
        ("Spring", None, True),
        ("Early summer 2024", date(2024, 8, 31), True),
        # A recognised form is read, but the vague word is flagged.
        ("Early June 2009", date(2009, 6, 30), True),
        ("late Dec 2021", date(2021, 12, 31), True),
        # A year beside other text, or beside another year, is not used.
        ("2009 2010", None, True),
        ("Phase 2 2010", None, True),
        ("Q3 2009/10 and 2011", date(2009, 12, 31), True),
        # Everything read: nothing partial.
        ("June 2009", date(2009, 6, 30), False),
        ("2009", date(2009, 12, 31), False),
        ("By 2010", date(2010, 12, 31), False),
        ("June 30", date(2030, 6, 30), False),
        ("ongoing", None, False),
        ("Immediate", None, False),  # "late" inside a word does not count
    ],
)
def test_partial_flags_unread_timing_text(text: str, due: date | None, partial: bool) -> None:
    assert parse_due(text) == ParsedDue(due=due, starts=None, partial=partial)
    assert parse_due_date(text) == due


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2009, 6, 30), date(2009, 6, 30)),
        (datetime(2009, 6, 30), date(2009, 6, 30)),
        (datetime(2009, 6, 30, 23, 59, 59), date(2009, 6, 30)),
        (date.min, date.min),
        (datetime.max, date.max),
    ],
)
def test_real_dates_are_due_on_that_day(value: date, expected: date) -> None:
    result = parse_due(value)
    assert result == ParsedDue(due=expected, starts=None, partial=False)
    assert type(result.due) is date
    assert parse_due_date(value) == expected


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        ("Jan", date(2009, 1, 31)),
        ("Feb", date(2009, 2, 28)),
        ("Mar", date(2009, 3, 31)),
        ("Apr", date(2009, 4, 30)),
        ("May", date(2009, 5, 31)),
        ("Jun", date(2009, 6, 30)),
        ("Jul", date(2009, 7, 31)),
        ("Aug", date(2009, 8, 31)),
        ("Sep", date(2009, 9, 30)),
        ("Sept", date(2009, 9, 30)),
        ("Oct", date(2009, 10, 31)),
        ("Nov", date(2009, 11, 30)),
        ("Dec", date(2009, 12, 31)),
        ("January", date(2009, 1, 31)),
        ("february", date(2009, 2, 28)),
        ("MARCH", date(2009, 3, 31)),
        ("April", date(2009, 4, 30)),
        ("July", date(2009, 7, 31)),
        ("August", date(2009, 8, 31)),
        ("October", date(2009, 10, 31)),
        ("November", date(2009, 11, 30)),
        ("December", date(2009, 12, 31)),
    ],
)
def test_month_names_full_and_abbreviated(month: str, expected: date) -> None:
    assert parse_due_date(f"{month} 2009") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Every dash a word processor produces.
        ("7/06 - 12/06", date(2006, 12, 31)),
        ("7/06 \u2013 12/06", date(2006, 12, 31)),
        ("7/06 \u2014 12/06", date(2006, 12, 31)),
        ("7/06 \u2212 12/06", date(2006, 12, 31)),
        ("Phase 1 \u2013 End March 2022", date(2022, 3, 31)),
        ("Phase 1 \u2014 End March 2022", date(2022, 3, 31)),
        ("2009\u20112010", date(2010, 3, 31)),
        ("2009\u20132010", date(2010, 3, 31)),
        ("9/06 \u2014", date(2006, 9, 30)),
        # Extra whitespace and trailing punctuation.
        ("  By   May 2009!  ", date(2009, 5, 31)),
        ("June 2009.", date(2009, 6, 30)),
        ("31/03/2022;", date(2022, 3, 31)),
        ("(2009/10)", date(2010, 3, 31)),
        ("\tEnd\u00a0Dec 2021,\n", date(2021, 12, 31)),
        ("Q3, 2009/10", date(2009, 12, 31)),
    ],
)
def test_dash_whitespace_and_punctuation_variants(text: str, expected: date) -> None:
    assert parse_due_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13/06", None),  # no month 13
        ("0/06", None),  # no month 0
        ("31/02/2022", None),  # no 31 February, and "02/2022" is not read out of it
        ("2009-02-30", None),  # ISO with a day that does not exist
        ("Q5 2009/10", None),  # no fifth quarter; the year is not read on its own either
        ("Q0 2009/10", None),
        ("2009/11", None),  # 11 is not the year after 2009, so not a financial year
        ("2009-2041", None),  # more than ten years is a slip, not a plan's span
        ("2011-2009", None),
        ("///", None),
        ("é", None),
        ("00/00/0000", None),
        ("1/1/0000", None),  # year 0 does not exist
        ("9999-12-31", date(9999, 12, 31)),
        ("9999/00", None),  # financial year ending in year 10000
        ("Q4 9999/00", None),
        ("31 June 2009", None),
        ("12/06/2009/10", None),
        ("1/2/3/4", None),
        ("June", None),
        ("06", None),
        ("99", None),
        ("1234567890", None),
        ("Phase 1", None),
        ("Q3", None),
        ("From", None),
        ("\x00", None),
        ("٢٠٠٩", None),  # Arabic-Indic digits are not read as a year
        ("-" * 10_000, None),
    ],
)
def test_odd_inputs_never_raise(text: str, expected: date | None) -> None:
    result = parse_due(text)
    assert isinstance(result, ParsedDue)
    assert result.due == expected
    assert result.starts is None


@pytest.mark.parametrize("value", [None, 2009, 3.5, b"6/06", ["6/06"], object()])
def test_non_string_input_gives_nothing(value: object) -> None:
    assert parse_due(value) == ParsedDue(None, None)  # type: ignore[arg-type]


def test_random_junk_never_raises() -> None:
    pieces = [
        "0", "1", "2", "3", "9", "12", "13", "31", "06", "09", "10", "2009", "2010", "9999",
        "/", "-", "\u2013", ".", " ", "Q", "Q3", "June", "Sept", "From", "By", "End", "of",
        "(", ")", "é", "\x00", "th",
        "FY", "Qtr", "1st", "Mar-", "-Mar-", ",", "52", "99", "Spring", "mid", "Early",
    ]  # fmt: skip
    rng = random.Random(20090401)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        result = parse_due(text)
        assert result.due is None or isinstance(result.due, date)
        assert result.starts is None or isinstance(result.starts, date)


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2006, 2, date(2006, 2, 28)),
        (2008, 2, date(2008, 2, 29)),
        (2000, 2, date(2000, 2, 29)),
        (1900, 2, date(1900, 2, 28)),
        (2009, 4, date(2009, 4, 30)),
        (2009, 12, date(2009, 12, 31)),
    ],
)
def test_month_end(year: int, month: int, expected: date) -> None:
    assert month_end(year, month) == expected


@pytest.mark.parametrize(("year", "month"), [(2009, 0), (2009, 13), (0, 1)])
def test_month_end_rejects_invalid(year: int, month: int) -> None:
    with pytest.raises(ValueError):
        month_end(year, month)


def test_financial_year_bounds() -> None:
    assert financial_year_start(2009) == date(2009, 4, 1)
    assert financial_year_end(2009) == date(2010, 3, 31)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [("2009", "10", 2009), ("2009", "2010", 2009), ("1999", "00", 1999), ("08", "09", 2008)],
)
def test_financial_year_start_year(first: str, second: str, expected: int) -> None:
    assert financial_year_start_year(first, second) == expected


@pytest.mark.parametrize(("first", "second"), [("2009", "11"), ("2009", "2009"), ("2009", "2011")])
def test_financial_year_start_year_rejects_non_consecutive(first: str, second: str) -> None:
    with pytest.raises(ValueError):
        financial_year_start_year(first, second)


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, date(2009, 4, 1), date(2009, 6, 30)),
        (2, date(2009, 7, 1), date(2009, 9, 30)),
        (3, date(2009, 10, 1), date(2009, 12, 31)),
        (4, date(2010, 1, 1), date(2010, 3, 31)),
    ],
)
def test_quarters_of_financial_year(quarter: int, start: date, end: date) -> None:
    assert quarter_start(quarter, 2009) == start
    assert quarter_end(quarter, 2009) == end


@pytest.mark.parametrize("quarter", [0, 5, -1])
def test_quarter_rejects_invalid(quarter: int) -> None:
    with pytest.raises(ValueError):
        quarter_end(quarter, 2009)
    with pytest.raises(ValueError):
        quarter_start(quarter, 2009)


PERIOD_CASES = [
    # A month name and two digits is a month and year in a period column, whatever the digits.
    ("March 10", date(2010, 3, 31)),
    ("Mar 12", date(2012, 3, 31)),
    ("Sept. 09", date(2009, 9, 30)),
    ("June 30", date(2030, 6, 30)),
    # The forms PI returns use: each names one period, read as its last day.
    ("March 06", date(2006, 3, 31)),
    ("March 07", date(2007, 3, 31)),
    ("2008/09", date(2009, 3, 31)),  # a financial year ends on 31 March
    ("2007/08", date(2008, 3, 31)),
    ("2009-10", date(2010, 3, 31)),
    ("FY 2008/09", date(2009, 3, 31)),
    ("Q1 2009/10", date(2009, 6, 30)),
    ("Q4 2009/10", date(2010, 3, 31)),
    ("2009/10 Q3", date(2009, 12, 31)),
    ("Jun 2022", date(2022, 6, 30)),
    ("June 2022", date(2022, 6, 30)),
    ("Feb 2008", date(2008, 2, 29)),
    ("Mar-06", date(2006, 3, 31)),
    ("3/06", date(2006, 3, 31)),
    ("2022-06-30", date(2022, 6, 30)),
    ("31/03/2022", date(2022, 3, 31)),
    ("Q3 2009", date(2009, 9, 30)),  # a calendar quarter
    ("Year to March 2006", date(2006, 3, 31)),
    ("  march 06\u00a0", date(2006, 3, 31)),
    (date(2006, 3, 31), date(2006, 3, 31)),
    (datetime(2006, 3, 31, 12, 0), date(2006, 3, 31)),
    # Refused rather than guessed: a figure belongs to exactly one period.
    ("2009", None),  # calendar or financial year?
    ("By 2010", None),
    ("7/06 12/06", None),  # two periods
    ("Apr 2009 - Mar 2010", None),
    ("From April 2009", None),  # a start, not a period
    ("Spring 2010", None),
    ("Early June 2009", None),  # partly read
    ("Q3 2009/10 and 2011", None),
    ("2009/11", None),
    ("31/02/2022", None),
    ("Q5 2009/10", None),
    ("New indicator", None),
    ("", None),
    ("   ", None),
    (None, None),
    (2009, None),
]


@pytest.mark.parametrize(("text", "expected"), PERIOD_CASES)
def test_parse_period(text, expected) -> None:
    assert parse_period(text) == expected


def test_parse_period_never_raises_on_junk() -> None:
    pieces = ["March", "06", "2008", "/", "09", "Q1", " ", "-", "From", "Spring", "31", "x"]
    rng = random.Random(20060331)
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        result = parse_period(text)
        assert result is None or isinstance(result, date)


# Issue 14: due dates as councils' own spreadsheets write them.
COUNCIL_DUE_CASES = [
    # A month and two digits: the end of that month of 20xx.
    ("April 24", date(2024, 4, 30)),
    ("Apr 24", date(2024, 4, 30)),
    ("Sept 25", date(2025, 9, 30)),
    ("Apr-24", date(2024, 4, 30)),
    ("apr-24", date(2024, 4, 30)),
    # Week commencing: that week's Friday.
    ("w/c 3 June 2024", date(2024, 6, 7)),  # a Monday
    ("W/C 3rd June 2024", date(2024, 6, 7)),
    ("w/b 3 Jun 24", date(2024, 6, 7)),
    ("week commencing 03/06/2024", date(2024, 6, 7)),
    ("Week beginning 2024-06-03", date(2024, 6, 7)),
    ("w/c 7 June 2024", date(2024, 6, 7)),  # a Friday is its own week's end
    ("w/c 9 June 2024", date(2024, 6, 14)),  # a Sunday: the working week after it
    ("w/c 31 June 2024", None),
    # Seasons, meteorological, due at their end.
    ("Spring 2024", date(2024, 5, 31)),
    ("Summer 2024", date(2024, 8, 31)),
    ("summer 24", date(2024, 8, 31)),
    ("Autumn 2024", date(2024, 11, 30)),
    ("Fall 2024", date(2024, 11, 30)),
    ("Winter 2024", date(2025, 2, 28)),
    ("Winter 2023", date(2024, 2, 29)),
    ("Winter 2024/25", date(2025, 2, 28)),
    ("By summer 2024", date(2024, 8, 31)),
    ("Summer 2024/25", None),  # which summer?
    # School terms.
    ("Autumn term 2024", date(2024, 12, 31)),
    ("Spring term 2025", date(2025, 4, 30)),
    ("Summer term 2025", date(2025, 7, 31)),
    ("Spring term 2024/25", date(2025, 4, 30)),
    ("Autumn term 2024/25", date(2024, 12, 31)),
    # Spans of years: the end of the span's last financial year.
    ("2024-2026", date(2026, 3, 31)),
    ("2009-2011", date(2011, 3, 31)),
    ("2024-26", date(2026, 3, 31)),
    ("2024 – 2026", date(2026, 3, 31)),
    ("2024 to 2026", date(2026, 3, 31)),
    ("2098-03", date(2103, 3, 31)),  # two digits run on into the next century
    ("2009-2010", date(2010, 3, 31)),  # one financial year, as before
    ("2009/11", None),  # a slash is one financial year or nothing
    # No due date, in words.
    ("Ongoing", None),
    ("TBC", None),
]


@pytest.mark.parametrize(("text", "expected"), COUNCIL_DUE_CASES)
def test_council_due_dates(text: str, expected: date | None) -> None:
    assert parse_due(text) == ParsedDue(due=expected)


@pytest.mark.parametrize(
    ("text", "undated"),
    [
        ("Ongoing", True),
        ("on-going", True),
        ("On going.", True),
        ("TBC", True),
        ("tba", True),
        ("To be confirmed", True),
        ("n/a", True),
        ("Continuous", True),
        ("Ongoing from April 2024", False),  # that one has a date
        ("June 2024", False),
        ("", False),
        (None, False),
    ],
)
def test_names_no_date(text, undated) -> None:
    assert names_no_date(text) is undated


@pytest.mark.parametrize("text", ["Summer 2024", "2024-26", "2009-2011"])
def test_seasons_and_spans_of_years_are_not_reporting_periods(text) -> None:
    assert parse_period(text) is None
