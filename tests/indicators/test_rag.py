"""Table-driven tests for indicators.rag: RAG against target, direction of travel and an
indicator's state as at a date. Pure functions: no database."""

from datetime import date
from decimal import Decimal

import pytest

from indicators.rag import Direction, Rag, current_rag, direction, indicator_state, rag
from indicators.values import parse_number
from tests.indicators.figures import F

G, A, R = Rag.GREEN, Rag.AMBER, Rag.RED
UP, SAME, DOWN = Direction.IMPROVING, Direction.NO_CHANGE, Direction.WORSENING
HIGHER, LOWER, UNKNOWN = True, False, None


def n(text: str) -> Decimal | None:
    return parse_number(text)


@pytest.mark.parametrize(
    ("actual", "target", "polarity", "expected"),
    [
        # Higher is better: meet or beat -> green; short by <= 5% of the target -> amber.
        ("80", "80", HIGHER, G),
        ("85", "80", HIGHER, G),
        ("79.99", "80", HIGHER, A),
        ("76", "80", HIGHER, A),  # exactly 5% short: the edge is amber
        ("75.99", "80", HIGHER, R),  # just past the edge
        ("0", "80", HIGHER, R),
        # Lower is better: at or under -> green; over by <= 5% -> amber.
        ("100", "100", LOWER, G),
        ("90", "100", LOWER, G),
        ("105", "100", LOWER, A),  # exactly 5% over: amber
        ("105.01", "100", LOWER, R),
        ("200", "100", LOWER, R),
        # A zero target has no amber band: only meeting it is green.
        ("0", "0", HIGHER, G),
        ("0", "0", LOWER, G),
        ("1", "0", LOWER, R),
        ("-1", "0", HIGHER, R),
        ("0.001", "0", HIGHER, G),
        # Negative targets: the band is 5% of the target's size.
        ("-10.5", "-10", HIGHER, A),
        ("-10.6", "-10", HIGHER, R),
        ("-9.5", "-10", LOWER, A),
        # Thousands and per cents as written.
        ("1,190", "1,250", HIGHER, A),
        ("75%", "75", HIGHER, G),
        # Words are never rated.
        ("Up to 50%", "75", HIGHER, None),
        ("89.5% (19/20)", "100", HIGHER, None),
        ("New indicator", "10", LOWER, None),
        ("50", "Up to 75%", HIGHER, None),
        ("", "80", HIGHER, None),
        ("80", "", HIGHER, None),
        # Unknown polarity: no RAG, never a guess, even when the figures agree.
        ("80", "80", UNKNOWN, None),
        ("175", "220", UNKNOWN, None),
    ],
)
def test_rag(actual, target, polarity, expected):
    assert rag(n(actual), n(target), polarity) == expected


@pytest.mark.parametrize(
    ("actual", "target", "polarity", "tolerance", "expected"),
    [
        ("90", "100", HIGHER, Decimal(10), A),  # a wider band, per indicator
        ("89.9", "100", HIGHER, Decimal(10), R),
        ("99.9", "100", HIGHER, Decimal(0), R),  # no band at all
        ("100", "100", HIGHER, Decimal(0), G),
        ("102.5", "100", LOWER, Decimal("2.5"), A),
    ],
)
def test_rag_with_the_indicators_own_tolerance(actual, target, polarity, tolerance, expected):
    assert rag(n(actual), n(target), polarity, tolerance) == expected


@pytest.mark.parametrize(
    ("previous", "latest", "polarity", "expected"),
    [
        ("70.1", "75", HIGHER, UP),
        ("75", "70.1", HIGHER, DOWN),
        ("75", "75", HIGHER, SAME),
        ("175", "160", LOWER, UP),  # a fall is better when lower is better
        ("160", "175", LOWER, DOWN),
        ("16.8", "16.8", LOWER, SAME),
        ("1,234", "1,235", HIGHER, UP),
        ("-3.5", "-2", HIGHER, UP),
        # No direction without a known polarity or without two numbers.
        ("70", "75", UNKNOWN, None),
        ("70", "70", UNKNOWN, None),
        ("New indicator", "75", HIGHER, None),
        ("Up to 50%", "60", HIGHER, None),
        ("70", "Up to 75%", HIGHER, None),
        ("", "75", HIGHER, None),
    ],
)
def test_direction(previous, latest, polarity, expected):
    assert direction(n(previous), n(latest), polarity) == expected


MARCH_06 = F("March 06", date(2006, 3, 31), actual="70.1", target="75")
JUNE_06 = F("June 06", date(2006, 6, 30), actual="72", target="75")
SEPT_06 = F("Sept 06", date(2006, 9, 30), actual="New definition", target="75")
DEC_06 = F("Dec 06", date(2006, 12, 31), target="75")  # a target set ahead, no actual yet
MARCH_07 = F("March 07", date(2007, 3, 31), actual="76", target="75", comparator="70")


@pytest.mark.parametrize(
    ("as_at", "expected_period", "expected_rag"),
    [
        (date(2006, 3, 30), None, None),  # nothing has ended yet
        (date(2006, 3, 31), "March 06", R),  # a period counts from its last day
        (date(2006, 6, 29), "March 06", R),
        (date(2006, 6, 30), "June 06", A),
        (date(2006, 12, 31), "June 06", A),  # Sept has words; Dec has no actual
        (date(2007, 3, 31), "March 07", G),
        (date(2030, 1, 1), "March 07", G),
    ],
)
def test_current_rag_is_the_latest_period_with_both_numbers(as_at, expected_period, expected_rag):
    figures = [MARCH_07, SEPT_06, MARCH_06, DEC_06, JUNE_06]  # any order
    rated, found = current_rag(figures, as_at, HIGHER)
    assert (rated.period if rated else None, found) == (expected_period, expected_rag)


def test_current_rag_needs_a_known_polarity():
    assert current_rag([MARCH_06, JUNE_06], date(2007, 1, 1), UNKNOWN) == (None, None)


def test_state_as_at_the_end_of_2006():
    state = indicator_state(
        [MARCH_06, JUNE_06, SEPT_06, DEC_06, MARCH_07], date(2006, 12, 31), True
    )
    assert state.latest is SEPT_06  # words are an actual too, shown as written
    assert state.previous is JUNE_06
    assert state.direction is None  # words cannot be compared
    assert (state.rated, state.rag) == (JUNE_06, A)
    assert state.target is SEPT_06  # the target of the latest actual's own period
    assert state.comparator is None
    assert [f.period for f in state.history] == ["March 06", "June 06", "Sept 06", "Dec 06"]


def test_state_at_the_end_of_the_year():
    state = indicator_state([MARCH_06, JUNE_06, SEPT_06, DEC_06, MARCH_07], date(2007, 4, 1), True)
    assert (state.latest, state.previous) == (MARCH_07, SEPT_06)
    assert state.direction is None
    assert (state.rag, state.rag_key, state.comparator) == (G, "green", MARCH_07)


def test_state_shows_the_next_target_set_ahead():
    """As the JAR plan prints them: an actual for March 06 and a target for March 07."""
    actual = F("March 06", date(2006, 3, 31), actual="76")
    target = F("March 07", date(2007, 3, 31), target="80")
    state = indicator_state([actual, target], date(2006, 5, 31), True)
    assert (state.latest, state.target, state.rag) == (actual, target, None)
    assert state.no_rag_reason.startswith("no period up to this date has both")
    assert (state.rag_key, state.direction_key) == ("none", "none")


def test_state_with_unknown_polarity_says_why_there_is_no_rag():
    state = indicator_state([MARCH_06, JUNE_06], date(2007, 1, 1), None)
    assert (state.rag, state.direction) == (None, None)
    assert state.no_rag_reason == "it is not known whether higher or lower is better"


def test_state_of_nothing():
    state = indicator_state([], date(2007, 1, 1), True)
    assert (state.latest, state.target, state.rag, state.history) == (None, None, None, ())
    assert state.rag_rank > R.rank and state.direction_rank > DOWN.rank


def test_direction_compares_the_two_latest_actuals():
    state = indicator_state([MARCH_06, JUNE_06], date(2006, 7, 1), True)
    assert (state.direction, state.direction_key) == (UP, "improving")


def test_rag_and_direction_words():
    assert [(r.value, r.label, r.colour) for r in (R, A, G)] == [
        ("red", "Off target", "Red"),
        ("amber", "Near target", "Amber"),
        ("green", "On target", "Green"),
    ]
    assert [(d.label, d.arrow) for d in (UP, SAME, DOWN)] == [
        ("Improving", "↑"),
        ("No change", "→"),
        ("Worsening", "↓"),
    ]


def _figure(actual, target=None):
    from types import SimpleNamespace

    number = Decimal(actual) if actual and actual.lstrip("-").replace(".", "").isdigit() else None
    return SimpleNamespace(
        actual=actual or "",
        actual_number=number,
        target_number=Decimal(target) if target else None,
    )


@pytest.mark.parametrize(
    ("actuals", "expected"),
    [
        # The first figure has nothing to compare with.
        (["10"], [None]),
        (["10", "12"], [None, Direction.IMPROVING]),
        (["12", "10"], [None, Direction.WORSENING]),
        (["10", "10"], [None, Direction.NO_CHANGE]),
        # A period with no actual is passed over: the next compares with the one before it.
        (["10", "", "12"], [None, None, Direction.IMPROVING]),
        # An actual in words is a figure with an actual but no number: no direction either side.
        (["10", "n/a", "12"], [None, None, None]),
    ],
)
def test_period_trail_gives_each_period_its_direction_from_the_last_actual(actuals, expected):
    from indicators.rag import period_trail

    trail = period_trail([_figure(a) for a in actuals], higher_is_better=True)
    assert [trend for _, _, trend in trail] == expected


def test_period_trail_rates_each_period_against_its_own_target():
    from indicators.rag import period_trail

    trail = period_trail([_figure("50", "40"), _figure("30", "40"), _figure("5")], True)
    assert [own for _, own, _ in trail] == [Rag.GREEN, Rag.RED, None]
