"""Writes to a plan's members. Plan.managers (set by the import and the Django admin) and
PlanMember rows both name managers; these keep the two in step, so that the members page is
the one place a manager changes who is on the plan."""

from django.db import transaction

from improvement.models import Person, Plan, PlanMember


@transaction.atomic
def set_member(plan: Plan, person: Person, role: str) -> PlanMember:
    member, created = PlanMember.objects.get_or_create(
        plan=plan, person=person, defaults={"role": role}
    )
    if not created and member.role != role:
        member.role = role
        member.save(update_fields=["role"])
    if role == PlanMember.Role.MANAGER:
        plan.managers.add(person)
    else:
        plan.managers.remove(person)
    return member


@transaction.atomic
def remove_member(plan: Plan, person: Person) -> None:
    for member in PlanMember.objects.filter(plan=plan, person=person):
        member.delete()  # one by one, so that each removal is recorded in the history
    plan.managers.remove(person)


def members(plan: Plan) -> list[tuple[Person, str]]:
    """Everyone named on the plan with their role, by name: the member rows, and managers
    named only in Plan.managers. Two queries."""
    rows = {
        m.person_id: (m.person, m.role)
        for m in PlanMember.objects.filter(plan=plan).select_related("person__organisation")
    }
    for person in plan.managers.select_related("organisation"):
        rows.setdefault(person.pk, (person, PlanMember.Role.MANAGER))
    return sorted(rows.values(), key=lambda row: row[0].name.lower())
