"""The figures form: values as written, periods read or refused with a clear message."""

import pytest

from indicators.forms import MeasurementForm
from tests.factories import make_plan
from tests.indicators.conftest import add_figures, make_indicator


@pytest.fixture
def indicator(db):
    indicator = make_indicator(make_plan("pi"), "NI 59")
    add_figures(indicator, ("March 06", "70", "75"))
    return indicator


def form(indicator, measurement=None, **data):
    return MeasurementForm(
        {"period": "June 06", "actual": "", "target": "", "comparator": "", **data},
        indicator=indicator,
        measurement=measurement,
    )


@pytest.mark.parametrize(
    "data",
    [
        {"actual": "75"},
        {"actual": "75%"},
        {"actual": "1,234"},
        {"actual": "-3.5"},
        {"actual": "New indicator"},  # words are kept, as written
        {"actual": "89.5% (19/20)"},
        {"target": "Up to 75%"},
        {"comparator": "68", "comparator_label": "England average"},
        {"period": "Q1 2009/10", "actual": "70"},
        {"period": "2008/09", "actual": "70"},
        {"period": "2022-06-30", "actual": "70"},
    ],
)
def test_valid_figures(indicator, data):
    f = form(indicator, **data)
    assert f.is_valid(), f.errors


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"period": "", "actual": "70"}, "period", "Enter the period the figures are for"),
        (
            {"period": "Spring 2010", "actual": "70"},
            "period",
            "Enter one period, not “Spring 2010”: for example March 06, 2008/09, Q1 2009/10, "
            "Jun 2022 or 2022-06-30",
        ),
        ({"period": "2009", "actual": "70"}, "period", "Enter one period, not “2009”"),
        (
            {"period": "Mar-06", "actual": "70"},
            "period",
            "There are already figures for March 06 (the period ending 31 Mar 2006): correct "
            "those instead",
        ),
        ({}, "actual", "Enter an actual, a target or a comparator for the period"),
        (
            {"actual": "1234567890123456"},
            "actual",
            "Enter a number with at most 14 digits before the decimal point and 6 after it",
        ),
        (
            {"actual": "70", "comparator_label": "England average"},
            "comparator",
            "Enter the comparator, or clear what it is",
        ),
    ],
)
def test_invalid_figures_say_what_to_do(indicator, data, field, message):
    f = form(indicator, **data)
    assert not f.is_valid()
    assert f.errors[field][0].startswith(message)


def test_a_correction_keeps_its_own_period_and_needs_a_reason(indicator):
    march = indicator.measurements.get()
    f = form(indicator, march, period="March 06", actual="71")
    assert not f.is_valid()
    assert f.errors == {"reason": ["Say why the figures are corrected"]}
    f = form(indicator, march, period="March 06", actual="71", reason="Audited")
    assert f.is_valid(), f.errors


def test_a_new_period_asks_for_no_reason(indicator):
    assert "reason" not in form(indicator).fields


def test_a_correction_starts_from_the_figures_as_written(indicator):
    march = indicator.measurements.get()
    f = MeasurementForm(indicator=indicator, measurement=march)
    assert (f["period"].value(), f["actual"].value(), f["target"].value()) == (
        "March 06",
        "70",
        "75",
    )
