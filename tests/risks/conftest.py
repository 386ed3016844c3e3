from dataclasses import dataclass
from datetime import date

import pytest

from risks.models import Risk
from tests.risks.factories import make_risk


@dataclass
class RiskSetup:
    plan: object
    own: Risk  # owned by alice
    other: Risk  # owned by bob


@pytest.fixture
def risk_setup(plan_setup, alice, bob) -> RiskSetup:
    """The plan of `plan_setup` (mona manages it) with a risk owned by alice and one by bob."""
    plan = plan_setup.plan
    own = make_risk(plan, "R1", (3, 4), (2, 4), owner=alice.person, review_date=date(2030, 1, 1))
    other = make_risk(plan, "R2", (2, 3), (2, 2), owner=bob.person, review_date=date(2030, 1, 1))
    return RiskSetup(plan, own, other)
