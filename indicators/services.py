"""Writes: a period's figures and an indicator's settings, each recorded with who and when
(django-simple-history), and the record of the settings' changes."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from improvement.history import who_changed
from improvement.models import Person
from indicators.models import POLARITY_CHOICES, Indicator, IndicatorRecommendation, Measurement
from recommendations.models import Recommendation


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


# The settings a plan manager sets up (indicator_settings), in the order the form asks for them.
SETTING_LABELS = {
    "definition": "definition",
    "unit": "unit",
    "higher_is_better": "which way is better",
    "amber_tolerance": "amber tolerance",
    "owner": "owner",
}
RECOMMENDATIONS_LABEL = "recommendations it measures"
# What the record of changes shows, by the names of the historical rows' fields.
HISTORY_LABELS = {
    "ref": "reference",
    **{("owner_id" if name == "owner" else name): label for name, label in SETTING_LABELS.items()},
}
MAX_REASON = 100  # history_change_reason's length


def change_settings(
    indicator: Indicator,
    *,
    definition: str,
    unit: str,
    higher_is_better: bool | None,
    amber_tolerance: Decimal,
    owner: Person | None,
    recommendations,
    author,
    reason: str = "",
) -> list[str]:
    """Set an indicator up: its definition, unit, polarity (None is "not known", never a
    guess), amber tolerance, owner and the recommendations (of its own plan) it measures.

    Returns what changed, in words (empty when nothing did, and then nothing is saved). Each
    change leaves a history row naming ``author``, with ``reason`` or, without one, a reason
    saying what changed. Raises ValidationError for a tolerance outside 0 to 100 or a
    recommendation of another plan.
    """
    wanted = {
        "definition": definition.strip(),
        "unit": unit.strip(),
        "higher_is_better": higher_is_better,
        "amber_tolerance": Decimal(amber_tolerance),
        "owner": owner,
    }
    changed = [
        SETTING_LABELS[name] for name, value in wanted.items() if getattr(indicator, name) != value
    ]
    recommendations = list(recommendations)
    strangers = [rec.ref for rec in recommendations if rec.plan_id != indicator.plan_id]
    if strangers:
        raise ValidationError(
            f"Recommendation {', '.join(strangers)} belongs to another plan: choose "
            "recommendations of this one"
        )
    links = {link.recommendation_id: link for link in indicator.recommendation_links.all()}
    chosen = {rec.pk: rec for rec in recommendations}
    added = [rec for pk, rec in chosen.items() if pk not in links]
    removed = [link for pk, link in links.items() if pk not in chosen]
    settings_changed = bool(changed)
    if added or removed:
        changed.append(RECOMMENDATIONS_LABEL)
    if not changed:
        return []
    reason = (reason or "").strip() or f"Settings changed: {', '.join(changed)}"
    if len(reason) > MAX_REASON:
        reason = reason[: MAX_REASON - 1] + "…"
    with transaction.atomic():
        if settings_changed:
            for name, value in wanted.items():
                setattr(indicator, name, value)
            indicator.clean_fields(
                exclude=[f.name for f in Indicator._meta.concrete_fields if f.name not in wanted]
            )
            _record(indicator, author, reason).save()
        for link in removed:
            _record(link, author, reason).delete()
        for rec in added:
            link = IndicatorRecommendation(indicator=indicator, recommendation=rec)
            _record(link, author, reason).save()
    return changed


def _record(instance, author, reason: str):
    """The instance, its next history row to name ``author`` and ``reason``."""
    instance._history_user = author
    instance._change_reason = reason
    return instance


@dataclass(frozen=True)
class SettingsChange:
    when: datetime
    who: str
    what: str
    old: str
    new: str
    reason: str


def settings_changes(indicator: Indicator) -> list[SettingsChange]:
    """Every change to the indicator's settings and to the recommendations it measures, with
    who, when and why, newest first (four queries)."""
    records = list(
        indicator.history.select_related("history_user").order_by("history_date", "history_id")
    )
    links = list(
        IndicatorRecommendation.history.filter(indicator_id=indicator.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    people = {
        p.pk: str(p) for p in Person.objects.filter(pk__in={r.owner_id for r in records} - {None})
    }
    refs = dict(
        Recommendation.objects.filter(pk__in={r.recommendation_id for r in links}).values_list(
            "pk", "ref"
        )
    )

    def show(name: str, record) -> str:
        value = getattr(record, name)
        if name == "higher_is_better":
            return dict(POLARITY_CHOICES).get(value, "Not known")
        if name == "amber_tolerance":
            return f"{value.normalize():f}% of the target"
        if name == "owner_id":
            return people.get(value, "a person since removed") if value else "None"
        return value or "—"

    def change(record, what: str, old: str = "", new: str = "") -> SettingsChange:
        return SettingsChange(
            when=record.history_date,
            who=who_changed(record),
            what=what,
            old=old,
            new=new,
            reason=record.history_change_reason or "",
        )

    changes, before = [], None
    for record in records:
        if before is None:
            if record.history_type == "+":
                changes.append(change(record, "Indicator added"))
        else:
            changes.extend(
                change(record, label.capitalize(), show(name, before), show(name, record))
                for name, label in HISTORY_LABELS.items()
                if getattr(before, name) != getattr(record, name)
            )
        before = record
    for link in links:
        ref = refs.get(link.recommendation_id, "since removed")
        if link.history_type == "+":
            changes.append(change(link, "Recommendation linked", new=f"Recommendation {ref}"))
        elif link.history_type == "-":
            changes.append(change(link, "Recommendation unlinked", old=f"Recommendation {ref}"))
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes
