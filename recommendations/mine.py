"""My milestones: every milestone a person leads, as at a date, with the filters officers use."""

from dataclasses import dataclass
from datetime import date, timedelta

from improvement.access import readable_plans
from improvement.status import Effective, Status, due_phrase, effective_status, is_stale
from recommendations.models import Milestone, SignOff


@dataclass
class MyMilestoneRow:
    milestone: Milestone
    effective: Effective
    last_update: date | None
    stale: bool
    due_phrase: str

    @property
    def due(self) -> date | None:
        return self.milestone.effective_due_date


def my_milestone_rows(user, as_at: date) -> list[MyMilestoneRow]:
    """The user's milestones, open ones first, each group in (revised) due-date order with
    undated ones last; three queries."""
    milestones = (
        Milestone.objects.filter(
            lead_links__person__user=user, recommendation__plan__in=readable_plans(user)
        )
        .open_as_at(as_at)  # a closed milestone is no longer asked for
        .with_related()
        .with_status_as_at(as_at)
        .distinct()
    )
    rows = []
    for milestone in milestones:
        reported = Status(milestone.reported_status)
        due = milestone.effective_due_date
        awaiting = milestone.reported_sign_off == SignOff.REQUESTED
        rows.append(
            MyMilestoneRow(
                milestone=milestone,
                effective=effective_status(reported, due, as_at, awaiting),
                last_update=milestone.reported_on,
                stale=is_stale(
                    reported,
                    milestone.reported_on,
                    as_at,
                    milestone.recommendation.plan.reporting_cycle_days,
                ),
                due_phrase=due_phrase(due, as_at, reported),
            )
        )
    # What needs doing first: open milestones by due date, then the complete ones.
    rows.sort(
        key=lambda r: (
            r.effective.reported == Status.COMPLETE,
            r.due is None,
            r.due or date.max,
            r.milestone.full_ref,
        )
    )
    return rows


def filter_rows(rows: list[MyMilestoneRow], as_at: date, filters: dict) -> list[MyMilestoneRow]:
    """Apply the filter form's cleaned data: plan, status, due within N days, overdue, stale."""
    if filters.get("plan"):
        rows = [r for r in rows if r.milestone.recommendation.plan.slug == filters["plan"]]
    if filters.get("status"):
        rows = [r for r in rows if r.effective.status == filters["status"]]
    if filters.get("due_within") is not None:
        horizon = as_at + timedelta(days=filters["due_within"])
        rows = [
            r
            for r in rows
            if r.due and as_at <= r.due <= horizon and r.effective.reported != Status.COMPLETE
        ]
    if filters.get("overdue"):
        rows = [r for r in rows if r.effective.overdue]
    if filters.get("stale"):
        rows = [r for r in rows if r.stale]
    return rows
