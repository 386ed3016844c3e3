"""Risk figures for dashboards, the API and reports, each in a fixed number of queries."""

from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from improvement.models import Plan
from risks import bands
from risks.heat_map import HeatMap, heat_map
from risks.models import Risk


def _empty_counts(plan: Plan) -> dict[str, int]:
    return {**dict.fromkeys(bands.band_names(plan.risk_bands), 0), bands.UNSCORED: 0}


def risk_block(plan: Plan, as_at: date) -> dict:
    """The `risks` block of the plan summary, as at the date, in one query:
    {"total": every risk, "open": open risks, "by_band": open risks by inherent band,
    "by_residual_band": open risks by residual band}; the band keys are the plan's band names,
    lowest first, then "unscored"."""
    rows = list(
        Risk.objects.filter(plan=plan)
        .with_assessment(as_at)
        .values_list("score", "residual_score", "is_open")
    )
    by_band, by_residual_band = _empty_counts(plan), _empty_counts(plan)
    for score, residual_score, is_open in rows:
        if not is_open:
            continue
        by_band[bands.band(score, plan.risk_bands) or bands.UNSCORED] += 1
        by_residual_band[bands.band(residual_score, plan.risk_bands) or bands.UNSCORED] += 1
    return {
        "total": len(rows),
        "open": sum(1 for *_, is_open in rows if is_open),
        "by_band": by_band,
        "by_residual_band": by_residual_band,
    }


def high_risk_counts(plans: Iterable[Plan], as_at: date | None = None) -> dict[int, int]:
    """For each plan, how many open risks stand in its highest band, judged by the residual
    score where there is one, else the inherent score. One query however many plans."""
    by_pk = {plan.pk: plan for plan in plans}
    counts = dict.fromkeys(by_pk, 0)
    as_at = as_at or timezone.localdate()
    rows = (
        Risk.objects.filter(plan__in=list(by_pk))
        .open_as_at(as_at)
        .with_assessment(as_at)
        .values_list("plan_id", "rated_score")
    )
    for plan_id, rated_score in rows:
        matrix = by_pk[plan_id].risk_bands
        if rated_score is not None and bands.band(rated_score, matrix) == bands.highest_band(
            matrix
        ):
            counts[plan_id] += 1
    return counts


def heat_maps(plan: Plan, as_at: date) -> tuple[HeatMap, HeatMap]:
    """The inherent and residual heat maps of the plan's open risks as at the date, in one
    query; each cell links to the register filtered to its open risks."""
    rows = list(
        Risk.objects.filter(plan=plan)
        .open_as_at(as_at)
        .with_assessment(as_at)
        .values_list(
            "likelihood_as_at",
            "severity_as_at",
            "residual_likelihood_as_at",
            "residual_severity_as_at",
        )
    )
    extra = {"status": "open", "as_at": as_at.isoformat()}
    when = f"as at {as_at:%-d %b %Y}"
    inherent = heat_map(
        "inherent",
        plan.risk_scale,
        plan.risk_bands,
        [(row[0], row[1]) for row in rows],
        caption=f"Open risks before mitigation (inherent), {when}",
        extra_query=extra,
    )
    residual = heat_map(
        "residual",
        plan.risk_scale,
        plan.risk_bands,
        [(row[2], row[3]) for row in rows],
        caption=f"Open risks after mitigation (residual), {when}",
        extra_query=extra,
    )
    return inherent, residual
