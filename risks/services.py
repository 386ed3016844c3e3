"""Writes that touch several rows: recording a review, changing a plan's risk matrix."""

from datetime import date

from django.db import transaction

from improvement.models import Plan
from risks import bands
from risks.models import SCORE_FIELDS, Risk, RiskReview


class MatrixInUse(ValueError):
    """The new scale is too small for scores already given."""


@transaction.atomic
def record_review(
    risk: Risk,
    *,
    reviewed_on: date,
    likelihood: int | None,
    severity: int | None,
    residual_likelihood: int | None = None,
    residual_severity: int | None = None,
    note: str,
    next_review_on: date | None = None,
    close: bool = False,
    author=None,
) -> RiskReview:
    """Append a review with the bands its scores have under the plan's matrix today; a review
    that closes the risk closes it on the review's date."""
    plan = risk.plan
    review = RiskReview.objects.create(
        risk=risk,
        reviewed_on=reviewed_on,
        likelihood=likelihood,
        severity=severity,
        residual_likelihood=residual_likelihood,
        residual_severity=residual_severity,
        band=bands.band(bands.score(likelihood, severity), plan.risk_bands) or "",
        residual_band=bands.band(
            bands.score(residual_likelihood, residual_severity), plan.risk_bands
        )
        or "",
        next_review_on=next_review_on,
        closed=close,
        note=note,
        author=author,
    )
    if close and risk.closed_on is None:
        risk.closed_on = reviewed_on
        # simple-history reads these to record who closed the risk and why.
        risk._history_user = author
        risk._change_reason = "Closed by a review"
        risk.save(update_fields=["closed_on"])
    return review


def scores_off_scale(plan: Plan, scale: int) -> list[str]:
    """The refs of risks whose first assessment or any review has a score above the scale."""
    refs = set()
    for risk in Risk.objects.filter(plan=plan).prefetch_related("reviews"):
        rows = [risk, *risk.reviews.all()]
        if any((getattr(row, f) or 0) > scale for row in rows for f in SCORE_FIELDS):
            refs.add(risk.ref)
    return sorted(refs)


@transaction.atomic
def change_matrix(plan: Plan, scale: int, new_bands: list[dict], as_at: date) -> int:
    """Give the plan a new matrix; returns how many open risks (as at the date) change band.

    Current risks re-band by themselves (bands are computed); reviews keep the bands they
    were recorded with.
    """
    errors = bands.matrix_errors(scale, new_bands)
    if errors:
        raise ValueError("; ".join(error.message for error in errors))
    if scale < plan.risk_scale and (refs := scores_off_scale(plan, scale)):
        raise MatrixInUse(
            f"Risk{'s' if len(refs) > 1 else ''} {', '.join(refs)} "
            f"{'have' if len(refs) > 1 else 'has'} scores above {scale}"
        )
    scores = (
        Risk.objects.filter(plan=plan)
        .with_assessment(as_at)
        .filter(is_open=True)
        .values_list("score", "residual_score")
    )
    # A risk has changed band when either its inherent or its residual band has.
    moved = sum(
        any(bands.band(v, plan.risk_bands) != bands.band(v, new_bands) for v in pair)
        for pair in scores
    )
    plan.risk_scale = scale
    plan.risk_bands = [{"name": b["name"].strip(), "max": b["max"]} for b in new_bands]
    plan.save(update_fields=["risk_scale", "risk_bands"])
    return moved
