"""What every change history shows of who made a change, and what changed (django-simple-history
records)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import models


def who_changed(record) -> str:
    """The person who made a historical record's change, or that an import or the system did."""
    user = record.history_user
    return (user.get_full_name() or user.username) if user else "Import or system"


@dataclass(frozen=True)
class FieldChange:
    when: datetime
    who: str
    what: str
    old: str
    new: str
    reason: str


def record_changes(
    records: list, model: type[models.Model], excluded_fields: tuple[str, ...] = ()
) -> list[FieldChange]:
    """The creation and every change to a field between consecutive historical records (given
    oldest first), oldest first; `excluded_fields` are left to the caller (many-to-many ones
    it shows by name, say)."""
    changes = []
    if records:
        created = records[0]
        changes.append(
            FieldChange(created.history_date, who_changed(created), "Created", "", "", "")
        )
    for before, after in zip(records, records[1:], strict=False):
        for change in after.diff_against(before, excluded_fields=excluded_fields).changes:
            field = model._meta.get_field(change.field)
            changes.append(
                FieldChange(
                    when=after.history_date,
                    who=who_changed(after),
                    what=str(field.verbose_name).capitalize(),
                    old=show(field, change.old),
                    new=show(field, change.new),
                    reason=after.history_change_reason or "",
                )
            )
    return changes


def show(field, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(field, models.ForeignKey):
        # History keeps the key; a reader wants the name (or that it is gone).
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related else f"(deleted, #{value})"
    if hasattr(value, "strftime"):
        return f"{value:%-d %b %Y}"
    return str(value)
