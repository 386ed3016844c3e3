"""Who may change a milestone, checked on the server for every write. The plan-level rule
(who reads and manages a plan) is the core's: improvement.access."""

from django.core.exceptions import PermissionDenied

from improvement.access import manages_plan
from improvement.roles import OFFICER, role_names
from recommendations.models import Milestone


def leads_milestone(user, milestone: Milestone) -> bool:
    return user.is_authenticated and milestone.lead_links.filter(person__user=user).exists()


def can_update_milestone(user, milestone: Milestone) -> bool:
    """Officers update the milestones they lead; plan managers update any in their plan.
    Directors and clerks read only, even where they are named as a lead."""
    if manages_plan(user, milestone.recommendation.plan):
        return True
    return OFFICER in role_names(user) and leads_milestone(user, milestone)


def require_can_update(user, milestone: Milestone) -> None:
    if not can_update_milestone(user, milestone):
        raise PermissionDenied("Only the milestone's leads and the plan's managers may update it.")
