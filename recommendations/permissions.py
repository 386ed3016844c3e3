"""Who may change what, checked on the server for every write. One helper per question."""

from django.core.exceptions import PermissionDenied

from improvement.models import Person, Plan
from improvement.roles import OFFICER, is_administrator, role_names
from recommendations.models import Milestone


def person_of(user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def is_person(user, person: Person | None) -> bool:
    """Whether the user's account is this person's: the owner of a PI or a risk, say."""
    return (
        user.is_authenticated
        and person is not None
        and person.user_id is not None
        and person.user_id == user.pk
    )


def manages_plan(user, plan: Plan) -> bool:
    """Administrators manage every plan; a person named manager of a plan manages that one."""
    if is_administrator(user):
        return True
    return user.is_authenticated and plan.managers.filter(user=user).exists()


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


def require_manages_plan(user, plan: Plan) -> None:
    if not manages_plan(user, plan):
        raise PermissionDenied("Only the plan's managers may do this.")
