"""Indicators and measurements: values kept as written, numbers read from them, periods read
or refused, one set of figures per period, and every change in the history."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators.models import Measurement
from indicators.services import DuplicatePeriod, parse_polarity, save_measurement
from tests.factories import make_plan
from tests.indicators.conftest import make_indicator


@pytest.fixture
def indicator(db):
    return make_indicator(make_plan("pi"), "CF/ C64")


def test_figures_are_kept_as_written_with_their_numbers(indicator):
    m = save_measurement(
        indicator, period=" March 06 ", actual="89.5% (19/20)", target="1,234", comparator="-3.5"
    )
    m.refresh_from_db()
    assert (m.period, m.period_end) == ("March 06", date(2006, 3, 31))
    assert (m.actual, m.actual_number) == ("89.5% (19/20)", None)
    assert (m.target, m.target_number) == ("1,234", Decimal("1234"))
    assert (m.comparator, m.comparator_number) == ("-3.5", Decimal("-3.5"))


def test_correcting_a_figure_updates_its_number(indicator):
    m = save_measurement(indicator, period="2008/09", actual="70")
    save_measurement(indicator, period="2008/09", actual="New indicator", measurement=m)
    m.refresh_from_db()
    assert (m.actual, m.actual_number, m.period_end) == ("New indicator", None, date(2009, 3, 31))


def test_a_period_that_cannot_be_read_is_refused(indicator):
    with pytest.raises(ValidationError) as error:
        save_measurement(indicator, period="Spring 2010", actual="70")
    assert "Enter one period, not “Spring 2010”" in error.value.messages[0]
    assert not Measurement.objects.exists()


def test_one_set_of_figures_per_period(indicator):
    save_measurement(indicator, period="March 06", actual="70")
    with pytest.raises(
        DuplicatePeriod, match="already has figures for the period ending 31 Mar 2006"
    ):
        save_measurement(indicator, period="Mar-06", target="75")  # the same period, written
    assert indicator.measurements.count() == 1


def test_every_change_is_recorded_with_who_and_why(indicator, alice):
    m = save_measurement(indicator, period="Q1 2009/10", actual="70", author=alice)
    save_measurement(
        indicator, period="Q1 2009/10", actual="72", author=alice, reason="Late returns",
        measurement=m,
    )  # fmt: skip
    first, second = m.history.order_by("history_date")
    assert (first.history_type, first.history_user, first.actual) == ("+", alice, "70")
    assert (second.history_type, second.history_user, second.actual) == ("~", alice, "72")
    assert second.history_change_reason == "Late returns"


def test_refs_sort_naturally_and_link_with_spaces_and_slashes(indicator):
    plan = indicator.plan
    for ref in ("CH 141", "CH 01", "CH 2"):
        make_indicator(plan, ref)
    assert [i.ref for i in plan.indicators.order_by("ref_sort")] == [
        "CF/ C64",
        "CH 01",
        "CH 2",
        "CH 141",
    ]
    assert indicator.get_absolute_url() == "/plans/pi/indicators/CF/%20C64/"
    assert reverse("indicator_detail", args=["pi", "CH 141"]) == "/plans/pi/indicators/CH%20141/"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("TRUE", True), ("yes", True), ("false", False), ("lower", False),
     ("", None), ("  ", None), (None, None)],
)  # fmt: skip
def test_polarity_as_a_spreadsheet_writes_it(text, expected):
    assert parse_polarity(text) is expected


def test_a_polarity_that_is_not_a_yes_or_no_is_refused():
    with pytest.raises(ValidationError):
        parse_polarity("mostly")


def test_polarity_words(indicator):
    assert indicator.polarity_label == "Higher is better"
    indicator.higher_is_better = None
    assert indicator.polarity_label == "Not known"
