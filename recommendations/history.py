"""Changes to a milestone's own fields and leads, with who and when (from simple-history)."""

from dataclasses import dataclass
from datetime import datetime

from improvement.history import who_changed
from recommendations.models import Milestone, MilestoneLead


@dataclass(frozen=True)
class FieldChange:
    when: datetime
    who: str
    what: str
    old: str
    new: str
    reason: str


def field_changes(milestone: Milestone) -> list[FieldChange]:
    """The milestone's creation and every recorded change to its fields and leads, newest
    first."""
    changes = []
    records = list(milestone.history.select_related("history_user").order_by("history_date"))
    if records:
        created = records[0]
        changes.append(
            FieldChange(created.history_date, who_changed(created), "Created", "", "", "")
        )
    for before, after in zip(records, records[1:], strict=False):
        for change in after.diff_against(before).changes:
            field = Milestone._meta.get_field(change.field)
            changes.append(
                FieldChange(
                    when=after.history_date,
                    who=who_changed(after),
                    what=str(field.verbose_name).capitalize(),
                    old=_show(change.old),
                    new=_show(change.new),
                    reason=after.history_change_reason or "",
                )
            )
    lead_records = (
        MilestoneLead.history.filter(milestone_id=milestone.pk)
        .select_related("history_user", "person")
        .order_by("history_date")
    )
    for record in lead_records:
        if record.history_type == "~":
            continue  # a lead's position changed, not who leads
        verb = "Lead added" if record.history_type == "+" else "Lead removed"
        changes.append(
            FieldChange(
                when=record.history_date,
                who=who_changed(record),
                what=verb,
                old="",
                new=record.person.short_name if record.person_id else "",
                reason=record.history_change_reason or "",
            )
        )
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes


def _show(value) -> str:
    if value is None or value == "":
        return "—"
    if hasattr(value, "strftime"):
        return f"{value:%-d %b %Y}"
    return str(value)
