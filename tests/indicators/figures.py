"""Figures as plain objects, for the pure functions that read Measurements."""

from dataclasses import dataclass
from datetime import date

from indicators.values import parse_number


@dataclass
class F:
    """A figure, as a Measurement holds it: each value as written, its number read from it."""

    period: str
    period_end: date
    actual: str = ""
    target: str = ""
    comparator: str = ""
    comparator_label: str = ""

    @property
    def actual_number(self):
        return parse_number(self.actual)

    @property
    def target_number(self):
        return parse_number(self.target)

    @property
    def comparator_number(self):
        return parse_number(self.comparator)
