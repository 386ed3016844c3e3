"""An indicator owned by alice, on the plan that mona (manager) manages (see plan_setup)."""

from dataclasses import dataclass

import pytest

from indicators.models import Indicator, IndicatorRecommendation, Measurement
from indicators.services import save_measurement


def make_indicator(plan, ref: str = "NI 59", **fields) -> Indicator:
    fields.setdefault("definition", f"Definition of {ref}")
    fields.setdefault("unit", "%")
    fields.setdefault("higher_is_better", True)
    return Indicator.objects.create(plan=plan, ref=ref, **fields)


def add_figures(indicator: Indicator, *rows: tuple[str, str, str]) -> list[Measurement]:
    """(period, actual, target) rows, saved as an import would save them."""
    return [
        save_measurement(indicator, period=period, actual=actual, target=target)
        for period, actual, target in rows
    ]


@dataclass
class IndicatorSetup:
    plan: object
    indicator: Indicator  # owned by alice
    march: Measurement
    june: Measurement


@pytest.fixture
def indicator_setup(plan_setup, alice) -> IndicatorSetup:
    indicator = make_indicator(plan_setup.plan, "CF/ C64", owner=alice.person)
    IndicatorRecommendation.objects.create(
        indicator=indicator, recommendation=plan_setup.own.recommendation
    )
    march, june = add_figures(indicator, ("March 06", "76", "80"), ("June 06", "79", "80"))
    return IndicatorSetup(plan_setup.plan, indicator, march, june)
