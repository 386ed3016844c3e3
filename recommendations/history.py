"""Changes to a milestone's own fields and leads, with who and when (from simple-history)."""

from improvement.history import FieldChange, record_changes, who_changed
from recommendations.models import Milestone, MilestoneLead


def field_changes(milestone: Milestone) -> list[FieldChange]:
    """The milestone's creation and every recorded change to its fields and leads, newest
    first."""
    records = list(milestone.history.select_related("history_user").order_by("history_date"))
    changes = record_changes(records, Milestone)
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
