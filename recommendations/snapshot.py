"""A plan as at a date: every milestone's effective status and every roll-up, in two queries.

Pages, dashboards, timelines and reports read the plan through this, so a figure means the same
thing everywhere.
"""

from dataclasses import dataclass, field
from datetime import date

from improvement.models import Plan, Theme
from improvement.status import Effective, Status, count_by_status, effective_status, roll_up
from recommendations.models import Milestone, Recommendation, SignOff


@dataclass(slots=True)
class MilestoneFacts:
    """What the rules read of a milestone, from one row of values: counting thousands of
    milestones needs no model instance (building them was most of a large plan's dashboard)."""

    pk: int
    recommendation_id: int
    due_date: date | None
    # The revised due date in force as at the snapshot's date, else the planned one.
    effective_due_date: date | None
    revised_due_as_at: date | None = None


@dataclass
class MilestoneRow:
    milestone: Milestone | MilestoneFacts
    effective: Effective
    reported_on: date | None
    # Where a list shows the row without the milestone's prefetched leads: its people.
    leads: list | None = None


@dataclass
class RecommendationRow:
    recommendation: Recommendation
    milestones: list[MilestoneRow] = field(default_factory=list)

    @property
    def status(self) -> Status:
        return roll_up(row.effective.status for row in self.milestones)


@dataclass
class ThemeRow:
    theme: Theme
    recommendations: list[RecommendationRow] = field(default_factory=list)

    @property
    def milestones(self) -> list[MilestoneRow]:
        return [m for rec in self.recommendations for m in rec.milestones]

    @property
    def status(self) -> Status:
        return roll_up(row.effective.status for row in self.milestones)


@dataclass
class PlanSnapshot:
    plan: Plan
    as_at: date
    themes: list[ThemeRow]

    @property
    def recommendations(self) -> list[RecommendationRow]:
        return [rec for theme in self.themes for rec in theme.recommendations]

    @property
    def milestones(self) -> list[MilestoneRow]:
        return [m for theme in self.themes for m in theme.milestones]

    @property
    def status(self) -> Status:
        return roll_up(row.effective.status for row in self.milestones)

    def counts(self) -> dict[Status, int]:
        return count_by_status(row.effective.status for row in self.milestones)

    def recommendation_statuses(self) -> dict[str, Status]:
        return {rec.recommendation.ref: rec.status for rec in self.recommendations}


FACT_FIELDS = (
    "pk",
    "recommendation_id",
    "due_date",
    "revised_due_as_at",
    "reported_status",
    "reported_sign_off",
    "reported_on",
)


def _row(milestone, as_at: date) -> MilestoneRow:
    reported = Status(milestone.reported_status)
    awaiting = milestone.reported_sign_off == SignOff.REQUESTED
    return MilestoneRow(
        milestone,
        effective_status(reported, milestone.effective_due_date, as_at, awaiting),
        milestone.reported_on,
    )


def fact_rows(milestones, as_at: date):
    """MilestoneRows of MilestoneFacts for the milestones, in plan order, from one query of
    values (the latest update as at the date joined once)."""
    values = (
        milestones.with_status_as_at(as_at)
        .order_by("recommendation_id", "order", "ref_sort")
        .values_list(*FACT_FIELDS)
    )
    for pk, rec_id, due_date, revised, reported, sign_off, reported_on in values:
        facts = MilestoneFacts(pk, rec_id, due_date, revised or due_date, revised)
        awaiting = sign_off == SignOff.REQUESTED
        effective = effective_status(Status(reported), facts.effective_due_date, as_at, awaiting)
        yield MilestoneRow(facts, effective, reported_on)


def plan_snapshot(plan: Plan, as_at: date) -> PlanSnapshot:
    """The plan's themes, recommendations (natural ref order) and milestones as at `as_at`,
    without those closed by then."""
    return plan_snapshots([plan], as_at)[plan.pk]


def plan_snapshots(plans, as_at: date, *, with_leads: bool = True) -> dict[int, PlanSnapshot]:
    """Snapshots of several plans at once, in four queries. Without the leads, in three, and
    each milestone is a MilestoneFacts rather than a model instance."""
    plans = {plan.pk: plan for plan in plans}
    themes = {
        theme.pk: ThemeRow(theme)
        for theme in Theme.objects.filter(plan_id__in=plans).order_by("plan_id", "order", "name")
    }
    recommendations = {}
    for rec in (
        Recommendation.objects.filter(plan_id__in=plans)
        .open_as_at(as_at)
        .order_by("theme__order", "ref_sort")
    ):
        rec.plan = plans[rec.plan_id]
        recommendations[rec.pk] = RecommendationRow(rec)
        themes[rec.theme_id].recommendations.append(recommendations[rec.pk])
    # Closed items leave the figures from their closing date and stay in them before it.
    milestones = Milestone.objects.filter(recommendation__plan_id__in=plans).open_as_at(as_at)
    if with_leads:
        milestones = milestones.with_related().with_status_as_at(as_at)
        rows = (_row(milestone, as_at) for milestone in milestones)
    else:
        # For counting (the summary API, the dashboard): plain values, no model instances.
        rows = fact_rows(milestones, as_at)
    for row in rows:
        recommendations[row.milestone.recommendation_id].milestones.append(row)
    snapshots = {pk: PlanSnapshot(plan, as_at, []) for pk, plan in plans.items()}
    for row in themes.values():
        snapshots[row.theme.plan_id].themes.append(row)
    return snapshots
