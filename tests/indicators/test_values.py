"""Table-driven tests for indicators.values: figures as councils write them."""

from decimal import Decimal

import pytest

from indicators.values import fits_storage, format_number, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Plain numbers, with a per cent sign or thousands separators, are numbers.
        ("75", Decimal("75")),
        ("75%", Decimal("75")),
        ("75 %", Decimal("75")),
        ("1,234", Decimal("1234")),
        ("1,234,567.5", Decimal("1234567.5")),
        ("-3.5", Decimal("-3.5")),
        ("\u22123.5", Decimal("-3.5")),  # a word processor's minus sign
        ("+2", Decimal("2")),
        (".5", Decimal("0.5")),
        ("70.1", Decimal("70.1")),
        ("0", Decimal("0")),
        ("  16.8  ", Decimal("16.8")),
        ("100%", Decimal("100")),
        # Anything else stays words, with no number: never half-read.
        ("Up to 50%", None),
        ("Up to 75%", None),
        ("89.5% (19/20)", None),
        ("New indicator", None),
        ("To be set once baseline established", None),
        ("1,23", None),
        ("1,2345", None),
        ("12,34.5", None),
        ("£5", None),
        ("N/A", None),
        ("75%%", None),
        ("-", None),
        (".", None),
        ("%", None),
        ("", None),
        ("   ", None),
        (None, None),
        # Numbers from a spreadsheet cell.
        (75, Decimal("75")),
        (70.1, Decimal("70.1")),
        (Decimal("3.25"), Decimal("3.25")),
        (True, None),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("number", "fits"),
    [
        (Decimal("75"), True),
        (Decimal("99999999999999.999999"), True),
        (Decimal("123456789012345"), False),  # 15 whole digits
        (Decimal("0.1234567"), False),  # 7 decimal places
        (Decimal("1.5000000"), True),  # trailing zeros do not count
    ],
)
def test_fits_storage(number, fits):
    assert fits_storage(number) is fits


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (Decimal("1234"), "1,234"),
        (Decimal("1234.50"), "1,234.5"),
        (Decimal("75.000"), "75"),
        (Decimal("-3.5"), "-3.5"),
        (2.5, "2.5"),
        (0, "0"),
    ],
)
def test_format_number(number, text):
    assert format_number(number) == text
