"""A plan as at a date: every milestone's effective status and every roll-up, in two queries.

Pages, dashboards, timelines and reports read the plan through this, so a figure means the same
thing everywhere.
"""

from dataclasses import dataclass, field
from datetime import date

from improvement.models import Plan, Theme
from improvement.status import Effective, Status, count_by_status, effective_status, roll_up
from recommendations.models import Milestone, Recommendation, SignOff


@dataclass
class MilestoneRow:
    milestone: Milestone
    effective: Effective
    reported_on: date | None


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


COUNTED_FIELDS = (
    "id",
    "recommendation_id",
    "ref",
    "order",
    "ref_sort",
    "due_date",
    "revised_due_date",
)


def plan_snapshot(plan: Plan, as_at: date) -> PlanSnapshot:
    """The plan's themes, recommendations (natural ref order) and milestones as at `as_at`."""
    return plan_snapshots([plan], as_at)[plan.pk]


def plan_snapshots(plans, as_at: date, *, with_leads: bool = True) -> dict[int, PlanSnapshot]:
    """Snapshots of several plans at once, in four queries (three without the leads)."""
    plans = {plan.pk: plan for plan in plans}
    themes = {
        theme.pk: ThemeRow(theme)
        for theme in Theme.objects.filter(plan_id__in=plans).order_by("plan_id", "order", "name")
    }
    recommendations = {}
    for rec in Recommendation.objects.filter(plan_id__in=plans).order_by(
        "theme__order", "ref_sort"
    ):
        rec.plan = plans[rec.plan_id]
        recommendations[rec.pk] = RecommendationRow(rec)
        themes[rec.theme_id].recommendations.append(recommendations[rec.pk])
    milestones = Milestone.objects.filter(recommendation__plan_id__in=plans)
    # For counting (the summary API): no joins and only the columns the rules read; the
    # recommendation and plan are attached from the rows already loaded. Building three model
    # instances per milestone was most of the time when counting thousands.
    milestones = milestones.with_related() if with_leads else milestones.only(*COUNTED_FIELDS)
    for milestone in milestones.with_status_as_at(as_at).order_by(
        "recommendation_id", "order", "ref_sort"
    ):
        if not with_leads:
            milestone.recommendation = recommendations[milestone.recommendation_id].recommendation
        reported = Status(milestone.reported_status)
        awaiting = milestone.reported_sign_off == SignOff.REQUESTED
        row = MilestoneRow(
            milestone,
            effective_status(reported, milestone.effective_due_date, as_at, awaiting),
            milestone.reported_on,
        )
        recommendations[milestone.recommendation_id].milestones.append(row)
    snapshots = {pk: PlanSnapshot(plan, as_at, []) for pk, plan in plans.items()}
    for row in themes.values():
        snapshots[row.theme.plan_id].themes.append(row)
    return snapshots
