"""Who may read and manage a plan: the one plan-level rule every app asks.

The apps (recommendations, indicators, risks, reports, publishing) and the API ask this module
and never each other. Rules about one kind of thing (who updates a milestone, who reviews a
risk) live in that app's permissions.py and build on these.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from improvement.models import Organisation, Person, Plan
from improvement.roles import is_administrator


def readable_plans(user) -> QuerySet[Plan]:
    """The plans the user may read; none for nobody, an anonymous visitor or an account that
    has been deactivated."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Plan.objects.none()
    return Plan.objects.all()


def can_read_plan(user, plan: Plan) -> bool:
    return readable_plans(user).filter(pk=plan.pk).exists()


def readable_plan_or_404(user, slug: str) -> Plan:
    """The plan of this address, or 404 for one the user may not read: whether another
    council's plan exists is not told."""
    return get_object_or_404(readable_plans(user), slug=slug)


def plan_people(plan: Plan) -> QuerySet[Person]:
    """The people a plan's sheets, exports and pickers offer."""
    return Person.objects.all()


def organisation_of(user) -> Organisation | None:
    """A user's organisation is their person's."""
    person = person_of(user)
    return person.organisation if person else None


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


def managed_plans(user) -> QuerySet[Plan]:
    """The readable plans the user is named a manager of ("My plans"): not every plan for an
    administrator, who manages them all but runs none of them in particular."""
    if user is None or not user.is_authenticated:
        return Plan.objects.none()
    return readable_plans(user).filter(managers__user=user)
