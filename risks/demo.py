"""The demo's risk log: fixtures/jar-2006/risks.csv (Appendix 8 of the JAR plan, R1 to R4)."""

from django.db import transaction

from improvement.models import Person, Plan
from risks.models import Risk


def _number(cell: str | None) -> int | None:
    """A score as written; blank stays unscored (the JAR log gives none, and none is made up)."""
    cell = (cell or "").strip()
    return int(cell) if cell else None


def _owner(cell: str | None) -> Person | None:
    """The person named by initials (exactly) or by name (ignoring case); a name that matches
    nobody becomes a person marked unlisted, as the plan loader does for unknown leads."""
    cell = (cell or "").strip()
    if not cell:
        return None
    person = (
        Person.objects.filter(initials=cell).first()
        or Person.objects.filter(name__iexact=cell).first()
    )
    if person is None:
        person = Person.objects.create(
            name=cell,
            is_listed=False,
            note="Named as a risk owner in the plan but not in its list of leads.",
        )
    return person


@transaction.atomic
def load_risks(plan: Plan, rows: list[dict[str, str]]) -> int:
    """Create the plan's risks from rows of the risks.csv template, unless it has risks
    already; returns how many were created. The text is kept as written; the rating and band
    columns are ignored, because scores and bands are computed from the plan's matrix."""
    if plan.risks.exists():
        return 0
    for row in rows:
        risk = Risk(
            plan=plan,
            ref=row["ref"].strip(),
            description=row["description"],
            likelihood=_number(row.get("likelihood")),
            severity=_number(row.get("severity")),
            mitigation=row.get("mitigation", ""),
            owner=_owner(row.get("owner")),
            residual_likelihood=_number(row.get("residual_likelihood")),
            residual_severity=_number(row.get("residual_severity")),
            contingency=row.get("contingency", ""),
        )
        risk.full_clean(exclude=["ref_sort"])
        risk.save()
    return len(rows)
