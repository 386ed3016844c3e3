"""Rows of the database as the API's items (improvement.api.schemas), one builder per list.

Each takes the objects of one page, loaded by the list's queryset, and makes no query of its
own except `plan_items`, which counts the page's plans through the portfolio's figures.
"""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from improvement.api import schemas
from improvement.dashboard import portfolio
from improvement.status import Status, effective_status
from indicators.rag import period_trail
from indicators.snapshot import state_of
from recommendations.models import SignOff
from risks import bands


def person(person) -> schemas.Person | None:
    if person is None:
        return None
    return schemas.Person(id=person.pk, initials=person.initials or None, name=person.name)


def _number(value) -> float | None:
    return float(value) if value is not None else None


def plan_items(request, plans, as_at: date) -> list[schemas.PlanItem]:
    cards = portfolio(plans, as_at)
    when = {"as_at": as_at.isoformat()}

    def link(name, plan, query=None):
        url = reverse(name, kwargs={"slug": plan.slug})
        return request.build_absolute_uri(url + (f"?as_at={query['as_at']}" if query else ""))

    return [
        schemas.PlanItem(
            slug=card.plan.slug,
            title=card.plan.title,
            organisation=card.plan.organisation.name if card.plan.organisation else None,
            start=card.plan.starts_on,
            end=card.plan.ends_on,
            status=card.figures.status,
            links=schemas.PlanLinks(
                page=link("plan_detail", card.plan, when),
                summary=link("api_summary", card.plan, when),
                timeline=link("api_timeline", card.plan),
                milestones=link("api_milestones", card.plan, when),
                indicators=link("api_indicators", card.plan, when),
                risks=link("api_risks", card.plan, when),
                updates=link("api_updates", card.plan),
            ),
        )
        for card in cards
    ]


def milestone_items(request, milestones, as_at: date) -> list[schemas.MilestoneItem]:
    """From milestones loaded with_related().with_status_as_at(as_at)."""
    items = []
    for m in milestones:
        effective = effective_status(
            Status(m.reported_status),
            m.effective_due_date,
            as_at,
            awaiting_sign_off=m.reported_sign_off == SignOff.REQUESTED,
        )
        rec = m.recommendation
        items.append(
            schemas.MilestoneItem(
                id=m.pk,
                recommendation_id=rec.pk,
                theme=rec.theme.name,
                recommendation_ref=rec.ref,
                ref=m.ref,
                full_ref=m.full_ref,
                text=m.text,
                success_criteria=m.success_criteria,
                outcome=m.outcome.text if m.outcome else None,
                leads=[person(p) for p in m.lead_people],
                due_text=m.due_text,
                due_date=m.due_date,
                due_date_as_at=m.effective_due_date,
                reported_status=effective.reported,
                effective_status=effective.status,
                reason=effective.reason or None,
                last_update=m.reported_on,
                url=request.build_absolute_uri(m.get_absolute_url()),
            )
        )
    return items


def figures(indicator, history) -> list[schemas.Figure]:
    """Each period up to the date with its own RAG, and its direction from the previous
    period with an actual (as the indicator's own direction is judged)."""
    return [
        schemas.Figure(
            period=f.period,
            period_end=f.period_end,
            actual=f.actual,
            actual_number=_number(f.actual_number),
            target=f.target,
            target_number=_number(f.target_number),
            comparator=f.comparator,
            comparator_number=_number(f.comparator_number),
            comparator_label=f.comparator_label,
            rag=own,
            direction=trend,
        )
        for f, own, trend in period_trail(
            history, indicator.higher_is_better, indicator.amber_tolerance
        )
    ]


def indicator_items(request, indicators, as_at: date) -> list[schemas.IndicatorItem]:
    """From indicators loaded with_related()."""
    items = []
    for indicator in indicators:
        state = state_of(indicator, as_at)
        items.append(
            schemas.IndicatorItem(
                id=indicator.pk,
                ref=indicator.ref,
                definition=indicator.definition,
                unit=indicator.unit,
                higher_is_better=indicator.higher_is_better,
                amber_tolerance=float(indicator.amber_tolerance),
                owner=person(indicator.owner),
                recommendation_refs=[r.ref for r in indicator.recommendations.all()],
                rag=state.rag,
                direction=state.direction,
                figures=figures(indicator, state.history),
                url=request.build_absolute_uri(indicator.get_absolute_url()),
            )
        )
    return items


def risk_items(request, risks, as_at: date) -> list[schemas.RiskItem]:
    """From risks loaded with_related().with_assessment(as_at)."""
    items = []
    for risk in risks:
        matrix = risk.plan.risk_bands
        inherent = bands.rate(risk.likelihood_as_at, risk.severity_as_at, matrix)
        residual = bands.rate(risk.residual_likelihood_as_at, risk.residual_severity_as_at, matrix)
        items.append(
            schemas.RiskItem(
                id=risk.pk,
                ref=risk.ref,
                description=risk.description,
                owner=person(risk.owner),
                open=risk.is_open,
                closed_on=risk.closed_on if not risk.is_open else None,
                likelihood=inherent.likelihood,
                severity=inherent.severity,
                score=inherent.score,
                band=inherent.band,
                rating=str(inherent),
                residual_likelihood=residual.likelihood,
                residual_severity=residual.severity,
                residual_score=residual.score,
                residual_band=residual.band,
                residual_rating=str(residual),
                last_reviewed=risk.reviewed_on,
                review_date=risk.review_date_as_at,
                review_overdue=risk.review_overdue,
                mitigation=risk.mitigation,
                contingency=risk.contingency,
                recommendation_refs=[r.ref for r in risk.recommendations.all()],
                url=request.build_absolute_uri(risk.get_absolute_url()),
            )
        )
    return items


def file_name(update) -> str | None:
    if not update.evidence_file:
        return None
    return update.evidence_file_name or update.evidence_file.name.rsplit("/", 1)[-1]


def update_items(request, updates) -> list[schemas.UpdateItem]:
    """From status updates loaded with their milestone's recommendation and their author."""
    return [
        schemas.UpdateItem(
            id=u.pk,
            milestone_id=u.milestone_id,
            milestone_ref=u.milestone.full_ref,
            status=u.status_enum,
            as_at=u.as_at,
            recorded=timezone.localtime(u.created),
            comment=u.comment,
            evidence=u.evidence,
            evidence_file_name=file_name(u),
            revised_due_date=u.revised_due_date,
            revision_reason=u.revision_reason,
            sign_off=u.sign_off or None,
            author=(u.author.get_full_name() or u.author.username) if u.author else None,
        )
        for u in updates
    ]
