"""Who may read and manage a plan: the one plan-level rule every app asks.

The apps (recommendations, indicators, risks, reports, publishing) and the API ask this module
and never each other. Rules about one kind of thing (who updates a milestone, who reviews a
risk) live in that app's permissions.py and build on these.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from improvement.models import Person, Plan
from improvement.roles import is_administrator


def readable_plans(user) -> QuerySet[Plan]:
    """The plans the user may read; none for nobody, an anonymous visitor or an account that
    has been deactivated."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Plan.objects.none()
    return Plan.objects.all()


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


def require_manages_plan(user, plan: Plan) -> None:
    if not manages_plan(user, plan):
        raise PermissionDenied("Only the plan's managers may do this.")
