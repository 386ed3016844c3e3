"""Named users, as STYLE.md asks: alice leads milestones, bob is an officer who does not lead
them, dan directs, clara is a clerk, ada administers, and mona manages one plan. Everyone but
ada works for the demo's council (a user's organisation is their person's), so they read its
plans; tests/improvement/test_access.py tries other councils, partners and no organisation."""

import os
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from improvement import roles
from improvement.demo import ORGANISATION, SLUG
from improvement.models import Organisation, Plan
from recommendations.models import Milestone
from tests.factories import make_milestone, make_person, make_plan, make_recommendation, make_user

# The OpenID provider the sign-in tests (and the browser's) run against.
pytest_plugins = ["tests.oidc.fixtures"]


@pytest.fixture(autouse=True, scope="session")
def _database_is_what_was_asked(django_db_setup, django_db_blocker):
    """`make test` runs the suite on PostgreSQL too: if it silently fell back to SQLite, the
    PostgreSQL run would prove nothing, so fail loudly instead."""
    if os.environ.get("REQUIRE_POSTGRES"):
        with django_db_blocker.unblock():
            assert connection.vendor == "postgresql", (
                f"REQUIRE_POSTGRES is set but the tests run on {connection.vendor}: "
                "set DATABASE_URL=postgres://postgres@127.0.0.1:5432/improvement"
            )


@pytest.fixture(autouse=True)
def _postgres_tests_need_postgres(request):
    """A test marked postgres fails, never skips, on another database. The SQLite run of
    `make test` deselects them with -m "not postgres"; the PostgreSQL run runs them."""
    if request.node.get_closest_marker("postgres"):
        assert connection.vendor == "postgresql", "this test needs PostgreSQL (DATABASE_URL)"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counts (public pages, password resets) live in the cache, and a rolled-back
    test's plan may come back with the same id and version in the next: each test starts and
    ends with an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def council(db) -> Organisation:
    """The demo's council, which the named users work for."""
    return Organisation.objects.get_or_create(name=ORGANISATION)[0]


@pytest.fixture
def officer(council):
    """An officer with no milestones of her own."""
    user = make_user("olivia", roles.OFFICER)
    make_person("Olivia Officer", user=user, organisation=council)
    return user


@pytest.fixture
def alice(council):
    """An officer who leads milestones (lead AL)."""
    user = make_user("alice", roles.OFFICER, email="alice@example.gov.uk")
    make_person("Alice Lead", "AL", user=user, organisation=council)
    return user


@pytest.fixture
def bob(council):
    """An officer who leads other milestones than alice's (lead BO)."""
    user = make_user("bob", roles.OFFICER, email="bob@example.gov.uk")
    make_person("Bob Other", "BO", user=user, organisation=council)
    return user


@pytest.fixture
def director(council):
    user = make_user("dan", roles.DIRECTOR)
    make_person("Dan Director", user=user, organisation=council)
    return user


@pytest.fixture
def clerk(council):
    user = make_user("clara", roles.CLERK)
    make_person("Clara Clerk", user=user, organisation=council)
    return user


@pytest.fixture
def administrator(db):
    return make_user("ada", roles.ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.fixture
def manager(council):
    """Mona, an officer named manager of the plan in `plan_setup` (and of no other)."""
    user = make_user("mona", roles.OFFICER)
    make_person("Mona Manager", "MM", user=user, organisation=council)
    return user


@dataclass
class PlanSetup:
    plan: Plan
    own: Milestone  # led by alice
    other: Milestone  # led by bob


@pytest.fixture
def plan_setup(alice, bob, manager) -> PlanSetup:
    plan = make_plan("improve", title="Children's services improvement plan")
    plan.starts_on = date(2020, 1, 1)
    plan.save()
    plan.managers.add(manager.person)
    rec = make_recommendation(plan, "1")
    own = make_milestone(rec, "1", due=date(2030, 6, 30), leads=(alice.person,))
    other = make_milestone(rec, "2", due=date(2030, 6, 30), leads=(bob.person,))
    return PlanSetup(plan, own, other)


@pytest.fixture
def demo(db):
    call_command("load_demo")
    return Plan.objects.get(slug=SLUG)
