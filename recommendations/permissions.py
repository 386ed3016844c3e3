"""Who may change a milestone, checked on the server for every write. The plan-level rule
(who reads and manages a plan) is the core's: improvement.access."""

from django.core.exceptions import PermissionDenied

from improvement.access import contributes_to_plan
from improvement.roles import OFFICER, role_names
from recommendations.models import Milestone


def leads_milestone(user, milestone: Milestone) -> bool:
    return user.is_authenticated and milestone.lead_links.filter(person__user=user).exists()


def can_update_milestone(user, milestone: Milestone) -> bool:
    """Officers update the milestones they lead; the plan's contributors and managers update
    any in their plan. Directors and clerks read only, even where they are named as a lead."""
    if contributes_to_plan(user, milestone.recommendation.plan):
        return True
    return OFFICER in role_names(user) and leads_milestone(user, milestone)


def require_can_update(user, milestone: Milestone) -> None:
    if not can_update_milestone(user, milestone):
        raise PermissionDenied(
            "Only the milestone's leads, the plan's contributors and its managers may update it."
        )
