"""The plan-level access rule in the core (improvement.access), role by role."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from improvement import access, roles
from improvement.models import Organisation, Plan, PlanMember
from improvement.spreadsheets.export import sheets
from recommendations.permissions import can_update_milestone
from tests.factories import (
    make_milestone,
    make_person,
    make_plan,
    make_recommendation,
    make_user,
)

USERS = ["alice", "bob", "officer", "director", "clerk", "administrator", "manager"]

# Who manages plan_setup's plan: its named manager and administrators, nobody else.
MANAGES = {"manager": True, "administrator": True}


@pytest.fixture
def users(request, plan_setup):
    return {name: request.getfixturevalue(name) for name in USERS}


@pytest.mark.parametrize("name", USERS)
def test_manages_plan(users, plan_setup, name):
    assert access.manages_plan(users[name], plan_setup.plan) is MANAGES.get(name, False)


@pytest.mark.parametrize("name", USERS)
def test_require_manages_plan_refuses_everyone_else(users, plan_setup, name):
    if MANAGES.get(name):
        access.require_manages_plan(users[name], plan_setup.plan)
    else:
        with pytest.raises(access.PermissionDenied):
            access.require_manages_plan(users[name], plan_setup.plan)


@pytest.mark.parametrize("name", USERS)
def test_every_active_account_reads_a_plan_with_no_organisation(users, plan_setup, name):
    assert list(access.readable_plans(users[name])) == [plan_setup.plan]


def test_nobody_reads_nothing(plan_setup, alice):
    assert not access.readable_plans(AnonymousUser()).exists()
    assert not access.readable_plans(None).exists()
    alice.is_active = False
    assert not access.readable_plans(alice).exists()


@pytest.mark.parametrize(
    ("name", "is_alices"),
    [("alice", True), ("bob", False), ("officer", False), ("administrator", False)],
)
def test_is_person(users, name, is_alices):
    assert access.is_person(users[name], users["alice"].person) is is_alices
    assert access.is_person(users[name], None) is False


def test_person_of(users):
    assert access.person_of(users["alice"]) == users["alice"].person
    assert access.person_of(users["administrator"]) is None
    assert access.person_of(AnonymousUser()) is None


# The organisation rule, as a table. A plan of "Council" shared with "Partner"; users of the
# council, of the partner, of another council, with a person but no organisation, and with no
# person at all. Non-members:
#   organisation  open plan   restricted plan
#   own           reads       a director reads; others do not
#   partner       reads       no
#   other         no          no
#   none          no          no
# Any member (viewer, contributor, manager, or named in Plan.managers) reads, restricted or
# not, whatever their organisation; an administrator reads every plan.
ORGS = ["own", "partner", "other", "person without one", "no person"]
ROLES = [roles.OFFICER, roles.DIRECTOR, roles.CLERK, None]
MEMBERSHIPS = [None, "viewer", "contributor", "manager", "named manager"]
NON_MEMBER_READS = {
    # (organisation, restricted, is a director): reads
    ("own", False, False): True,
    ("own", False, True): True,
    ("own", True, False): False,
    ("own", True, True): True,
    ("partner", False, False): True,
    ("partner", False, True): True,
    ("partner", True, False): False,
    ("partner", True, True): False,
}


def expected_reads(org, restricted, role, membership) -> bool:
    if membership:
        return True
    return NON_MEMBER_READS.get((org, restricted, role == roles.DIRECTOR), False)


@dataclass
class Councils:
    council: Organisation
    partner: Organisation
    other: Organisation
    plan: Plan


@pytest.fixture
def councils(db) -> Councils:
    council = Organisation.objects.create(name="Northshire Council")
    partner = Organisation.objects.create(name="Northshire NHS Trust")
    other = Organisation.objects.create(name="Southshire Council")
    plan = make_plan("children", title="Children's Trust plan", organisation=council)
    plan.partners.add(partner)
    return Councils(council, partner, other, plan)


def user_of(councils: Councils, org: str, role: str | None, membership: str | None):
    user = make_user("u", *([role] if role else []))
    organisation = {
        "own": councils.council,
        "partner": councils.partner,
        "other": councils.other,
        "person without one": None,
    }
    person = None
    if org in organisation:
        person = make_person("U", user=user, organisation=organisation[org])
    if membership:
        person = person or make_person("U", user=user)
        if membership == "named manager":
            councils.plan.managers.add(person)
        else:
            PlanMember.objects.create(plan=councils.plan, person=person, role=membership)
    return user


@pytest.mark.parametrize("membership", MEMBERSHIPS)
@pytest.mark.parametrize("restricted", [False, True])
@pytest.mark.parametrize("org", ORGS)
@pytest.mark.parametrize("role", ROLES)
def test_who_reads_a_councils_plan(councils, role, org, restricted, membership):
    councils.plan.restricted = restricted
    councils.plan.save()
    user = user_of(councils, org, role, membership)
    reads = expected_reads(org, restricted, role, membership)
    assert access.can_read_plan(user, councils.plan) is reads
    assert list(access.readable_plans(user)) == ([councils.plan] if reads else [])
    assert access.manages_plan(user, councils.plan) is (membership in ("manager", "named manager"))
    assert access.contributes_to_plan(user, councils.plan) is (
        membership in ("contributor", "manager", "named manager")
    )


@pytest.mark.parametrize("restricted", [False, True])
def test_an_administrator_reads_and_manages_every_plan(councils, administrator, restricted):
    councils.plan.restricted = restricted
    councils.plan.save()
    assert list(access.readable_plans(administrator)) == [councils.plan]
    assert access.manages_plan(administrator, councils.plan)


@pytest.mark.parametrize(
    ("org", "restricted", "reads"),
    [
        # A plan with no organisation yet (an older import) is open to every signed-in user,
        # until its settings name one; restricted, only its members read it.
        ("other", False, True),
        ("no person", False, True),
        ("other", True, False),
        ("no person", True, False),
    ],
)
def test_a_plan_with_no_organisation(db, org, restricted, reads):
    plan = make_plan("legacy", restricted=restricted)
    user = make_user("u", roles.DIRECTOR)
    if org == "other":
        make_person("U", user=user, organisation=Organisation.objects.create(name="Elsewhere"))
    assert access.can_read_plan(user, plan) is reads
    if restricted:
        PlanMember.objects.create(plan=plan, person=make_person("V", user=make_user("v")))
        assert access.can_read_plan(get_user_model().objects.get(username="v"), plan)


def test_readable_plans_is_one_query_however_many_plans(councils, django_assert_num_queries):
    for n in range(30):
        plan = make_plan(f"p{n}", organisation=councils.council, restricted=n % 2 == 0)
        plan.partners.add(councils.partner)
    user = user_of(councils, "partner", roles.DIRECTOR, None)
    roles.role_names(user)  # read once per request, by the header too
    with django_assert_num_queries(1):
        assert len(list(access.readable_plans(user))) == 16  # the open plans


def test_member_roles_come_from_one_query_per_plan(councils, django_assert_num_queries):
    user = user_of(councils, "own", roles.OFFICER, "contributor")
    roles.role_names(user)
    with django_assert_num_queries(1):
        assert access.member_role(user, councils.plan) == "contributor"
        assert not access.manages_plan(user, councils.plan)
        assert access.contributes_to_plan(user, councils.plan)


def test_a_plans_people_are_those_of_its_organisations(councils):
    own = make_person("Own", organisation=councils.council)
    partner = make_person("Partner", organisation=councils.partner)
    other = make_person("Other", organisation=councils.other)
    lead = make_person("Lead with no organisation", "LN")
    stranger = make_person("Stranger with no organisation")
    member = make_person("Member from elsewhere", organisation=councils.other)
    PlanMember.objects.create(plan=councils.plan, person=member)
    make_milestone(make_recommendation(councils.plan), "1", leads=(lead,))
    people = set(access.plan_people(councils.plan))
    assert people == {own, partner, lead, member}
    assert not {other, stranger} & people
    # A plan with no organisation yet offers everyone, as before organisations were set.
    assert set(access.plan_people(make_plan("legacy"))) >= {other, stranger}


def test_contributors_update_any_milestone_of_the_plan_and_viewers_none(councils):
    milestone = make_milestone(make_recommendation(councils.plan), "1")
    contributor = user_of(councils, "partner", roles.OFFICER, "contributor")
    assert can_update_milestone(contributor, milestone)
    viewer = get_user_model().objects.create_user("viewer")
    PlanMember.objects.create(plan=councils.plan, person=make_person("V", user=viewer))
    assert not can_update_milestone(viewer, milestone)


def test_a_second_councils_export_carries_only_its_own_people(demo):
    """The issue's case: the export of a second council's plan carried all of the demo
    council's people."""
    south = Organisation.objects.create(name="Southshire Council")
    plan = make_plan("south", organisation=south)
    make_person("Sam South", "SSo", organisation=south)
    people = sheets(plan, date(2026, 1, 1))["people"]
    assert [row[:2] for row in people[1:]] == [["SSo", "Sam South"]]
    demo_people = sheets(demo, date(2006, 5, 31))["people"]
    assert len(demo_people) > 20 and "Sam South" not in {row[1] for row in demo_people}
