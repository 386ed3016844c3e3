"""Builders for risks, beside the shared ones in tests/factories.py."""

from datetime import date

from improvement.models import Person, Plan
from risks.models import Risk
from risks.services import record_review


def make_risk(
    plan: Plan,
    ref: str,
    scores: tuple[int | None, int | None] = (None, None),
    residual: tuple[int | None, int | None] = (None, None),
    owner: Person | None = None,
    **fields,
) -> Risk:
    fields.setdefault("description", f"Risk {ref}")
    return Risk.objects.create(
        plan=plan,
        ref=ref,
        likelihood=scores[0],
        severity=scores[1],
        residual_likelihood=residual[0],
        residual_severity=residual[1],
        owner=owner,
        **fields,
    )


def review(
    risk: Risk,
    on: date,
    scores: tuple[int, int],
    residual: tuple[int | None, int | None] = (None, None),
    **fields,
):
    fields.setdefault("note", "Reviewed")
    fields.setdefault("next_review_on", date(on.year + 1, on.month, 1))
    return record_review(
        risk,
        reviewed_on=on,
        likelihood=scores[0],
        severity=scores[1],
        residual_likelihood=residual[0],
        residual_severity=residual[1],
        **fields,
    )
