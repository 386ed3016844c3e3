"""The history of a plan's settings and members, with who and when (from simple-history)."""

from collections import defaultdict

from django.apps import apps

from improvement.history import FieldChange, record_changes, who_changed
from improvement.models import Plan, PlanMember

# Shown at most: a plan's settings change a few times a year; the page stays bounded.
LIMIT = 200


def settings_changes(plan: Plan) -> list[FieldChange]:
    """The plan's creation and every change to its settings, partner organisations included,
    newest first. Three queries, whatever the length of the history."""
    records = list(
        plan.history.select_related("history_user").order_by("-history_date", "-history_id")[:LIMIT]
    )[::-1]
    changes = record_changes(records, Plan, excluded_fields=("partners",))
    partners_of = _partners_by_record([r.history_id for r in records])
    for before, after in zip(records, records[1:], strict=False):
        old, new = partners_of[before.history_id], partners_of[after.history_id]
        if old != new:
            changes.append(
                FieldChange(
                    when=after.history_date,
                    who=who_changed(after),
                    what="Partner organisations",
                    old=", ".join(sorted(old)) or "—",
                    new=", ".join(sorted(new)) or "—",
                    reason=after.history_change_reason or "",
                )
            )
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes


def _partners_by_record(history_ids: list[int]) -> dict[int, set[str]]:
    through = apps.get_model("improvement", "HistoricalPlan_partners")
    names = defaultdict(set)
    rows = through.objects.filter(history_id__in=history_ids).values_list(
        "history_id", "organisation__name"
    )
    for history_id, name in rows:
        names[history_id].add(name or "(deleted organisation)")
    return names


def member_changes(plan: Plan) -> list[FieldChange]:
    """Who was added to the plan, removed from it or given another role (before and after),
    newest first. Two queries."""
    records = list(
        PlanMember.history.filter(plan_id=plan.pk)
        .select_related("history_user", "person")
        .order_by("-history_date", "-history_id")[:LIMIT]
    )[::-1]
    roles = dict(PlanMember.Role.choices)
    last_role = {}
    changes = []
    for record in records:
        name = str(record.person) if record.person_id else "(a person since deleted)"
        role = roles.get(record.role, record.role)
        what, old, new = {
            "+": ("Member added", "—", f"{name}: {role}"),
            "-": ("Member removed", f"{name}: {role}", "—"),
            "~": ("Role changed", f"{name}: {last_role.get(record.person_id, '—')}", role),
        }[record.history_type]
        last_role[record.person_id] = role
        changes.append(
            FieldChange(
                when=record.history_date,
                who=who_changed(record),
                what=what,
                old=old,
                new=new,
                reason=record.history_change_reason or "",
            )
        )
    return changes[::-1]
