"""Writes: a period's figures, recorded with who and when (django-simple-history)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from indicators.models import Indicator, Measurement


class DuplicatePeriod(Exception):
    """The indicator already has figures for a period ending on that date."""


def save_measurement(
    indicator: Indicator,
    *,
    period: str,
    actual: str = "",
    target: str = "",
    comparator: str = "",
    comparator_label: str = "",
    note: str = "",
    author=None,
    reason: str = "",
    measurement: Measurement | None = None,
) -> Measurement:
    """Add a period's figures, or correct ``measurement``; every value is kept as written.

    The history row names ``author`` (None for imports) and, for a correction, ``reason``.
    Raises ValidationError when the period cannot be read, DuplicatePeriod when another
    measurement of the indicator already covers it (also when two people add it at once).
    """
    measurement = measurement or Measurement(indicator=indicator)
    measurement.period = period.strip()
    measurement.actual = actual.strip()
    measurement.target = target.strip()
    measurement.comparator = comparator.strip()
    measurement.comparator_label = comparator_label.strip()
    measurement.note = note.strip()
    measurement.clean()  # reads the period end, or raises ValidationError
    measurement._history_user = author
    if reason:
        measurement._change_reason = reason.strip()
    try:
        with transaction.atomic():
            measurement.save()
    except IntegrityError as error:
        others = indicator.measurements.exclude(pk=measurement.pk)
        if others.filter(period_end=measurement.period_end).exists():
            raise DuplicatePeriod(
                f"{indicator.ref} already has figures for the period ending "
                f"{measurement.period_end:%-d %b %Y}"
            ) from error
        raise
    return measurement


def parse_polarity(text: str) -> bool | None:
    """``higher_is_better`` as a spreadsheet writes it: true/yes/higher, false/no/lower, or
    blank for unknown. Anything else is refused rather than guessed."""
    key = (text or "").strip().lower()
    if key in ("", "unknown"):
        return None
    if key in ("true", "yes", "y", "1", "higher", "higher is better"):
        return True
    if key in ("false", "no", "n", "0", "lower", "lower is better"):
        return False
    raise ValidationError(f"higher_is_better must be true, false or blank, not {text!r}")
