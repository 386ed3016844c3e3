"""Who may read and manage a plan: the one plan-level rule every app asks.

The apps (recommendations, indicators, risks, reports, publishing) and the API ask this module
and never each other. Rules about one kind of thing (who updates a milestone, who reviews a
risk) live in that app's permissions.py and build on these.

The rule (the README's "Who can see and do what"):
- administrators read every plan;
- a plan's members (PlanMember, any role) and its named managers (Plan.managers) read it;
- a plan that is not restricted is read by the staff of its organisation and of its partner
  organisations (a user's organisation is their person's);
- a restricted plan is read by its members, by directors of its organisation and by
  administrators only;
- a plan with no organisation yet (an older import) is read by every signed-in user unless
  restricted, so nobody loses a plan they had; its settings page asks for the organisation.
A user with no person, or a person with no organisation, reads only the plans named above
that need no organisation: their memberships and plans with no organisation.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from improvement.models import Person, Plan, PlanMember
from improvement.roles import DIRECTOR, is_administrator, role_names


def readable_plans(user) -> QuerySet[Plan]:
    """The plans the user may read, as one query whatever the number of plans (subqueries,
    no joins, so no duplicates); none for nobody, an anonymous visitor or an account that has
    been deactivated."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Plan.objects.none()
    if is_administrator(user):
        return Plan.objects.all()
    return Plan.objects.filter(_readable(user))


def _readable(user) -> Q:
    own_organisation = Person.objects.filter(user=user, organisation__isnull=False).values(
        "organisation"
    )
    member = Exists(PlanMember.objects.filter(plan=OuterRef("pk"), person__user=user)) | Exists(
        Plan.managers.through.objects.filter(plan=OuterRef("pk"), person__user=user)
    )
    staff = Q(organisation__in=own_organisation) | Exists(
        Plan.partners.through.objects.filter(plan=OuterRef("pk"), organisation__in=own_organisation)
    )
    unowned = Q(organisation__isnull=True)
    rule = member | Q(restricted=False) & (staff | unowned)
    if DIRECTOR in role_names(user):
        rule |= Q(organisation__in=own_organisation)
    return rule


def can_read_plan(user, plan: Plan) -> bool:
    return readable_plans(user).filter(pk=plan.pk).exists()


def readable_plan_or_404(user, slug: str) -> Plan:
    """The plan of this address, or 404 for one the user may not read: whether another
    council's plan exists is not told."""
    return get_object_or_404(readable_plans(user).select_related("organisation"), slug=slug)


def plan_people(plan: Plan) -> QuerySet[Person]:
    """The people a plan's sheets, exports and pickers offer: those of its organisation and
    partner organisations, its members and managers, and the leads and owners it already
    names (an imported lead may have no organisation yet). A plan with no organisation offers
    everyone, as before organisations were set. One query; the apps' tables are reached by
    their relation names, so the core imports no app."""
    if plan.organisation_id is None:
        return Person.objects.all()
    named = [
        Q(lead_links__milestone__recommendation__plan=plan),
        Q(indicators__plan=plan),
        Q(owned_risks__plan=plan),
        Q(memberships__plan=plan),
        Q(managed_plans=plan),
    ]
    partners = Plan.partners.through.objects.filter(plan_id=plan.pk).values("organisation")
    rule = Q(organisation_id=plan.organisation_id) | Q(organisation__in=partners)
    for lookup in named:
        rule |= Q(pk__in=Person.objects.filter(lookup).values("pk"))
    return Person.objects.filter(rule)


def person_of(user) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).select_related("organisation").first()


def is_person(user, person: Person | None) -> bool:
    """Whether the user's account is this person's: the owner of a PI or a risk, say."""
    return (
        user.is_authenticated
        and person is not None
        and person.user_id is not None
        and person.user_id == user.pk
    )


def member_role(user, plan: Plan) -> str | None:
    """The user's role on the plan: "manager" for a named manager (Plan.managers or a manager
    member), else their member role, else None. One query, then remembered on the user object
    (so once per request): the nav, the page and the figures' cache key all ask."""
    if not user.is_authenticated:
        return None
    known = user.__dict__.setdefault("_plan_roles", {})
    if plan.pk not in known:
        row = (
            Plan.objects.filter(pk=plan.pk)
            .annotate(
                named_manager=Exists(
                    Plan.managers.through.objects.filter(plan=OuterRef("pk"), person__user=user)
                ),
                role=Subquery(
                    PlanMember.objects.filter(plan=OuterRef("pk"), person__user=user).values(
                        "role"
                    )[:1]
                ),
            )
            .values("named_manager", "role")
            .first()
        )
        if row is None:
            known[plan.pk] = None
        elif row["named_manager"]:
            known[plan.pk] = PlanMember.Role.MANAGER
        else:
            known[plan.pk] = row["role"]
    return known[plan.pk]


def manages_plan(user, plan: Plan) -> bool:
    """Administrators manage every plan; a person named manager of a plan (in its managers or
    as a manager member) manages that one."""
    if is_administrator(user):
        return True
    return member_role(user, plan) == PlanMember.Role.MANAGER


def contributes_to_plan(user, plan: Plan) -> bool:
    """Contributors update any milestone of the plan; managers do too."""
    if is_administrator(user):
        return True
    return member_role(user, plan) in (PlanMember.Role.MANAGER, PlanMember.Role.CONTRIBUTOR)


def manages_plan_once(user, plan: Plan) -> bool:
    """manages_plan, asked once per user object and plan: a request's user is loaded afresh
    for each request, so a page that asks for its tabs and its cache key asks the database
    once."""
    answers = user.__dict__.setdefault("_manages_plan", {})
    if plan.pk not in answers:
        answers[plan.pk] = manages_plan(user, plan)
    return answers[plan.pk]


def require_manages_plan(user, plan: Plan) -> None:
    if not manages_plan(user, plan):
        raise PermissionDenied("Only the plan's managers may do this.")


def managed_plans(user) -> QuerySet[Plan]:
    """The readable plans the user is named a manager of ("My plans"): not every plan for an
    administrator, who manages them all but runs none of them in particular."""
    if user is None or not user.is_authenticated:
        return Plan.objects.none()
    return readable_plans(user).filter(managers__user=user)
