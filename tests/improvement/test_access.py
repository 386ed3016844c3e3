"""The plan-level access rule in the core (improvement.access), role by role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from improvement import access

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
def test_every_active_account_reads_the_plan(users, plan_setup, name):
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
    assert access.person_of(users["officer"]) is None
    assert access.person_of(AnonymousUser()) is None
