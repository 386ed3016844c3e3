import os

import pytest
from django.db import connection

from improvement import roles
from tests.factories import make_user


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


@pytest.fixture
def officer(db):
    return make_user("olivia", roles.OFFICER)


@pytest.fixture
def director(db):
    return make_user("dan", roles.DIRECTOR)


@pytest.fixture
def clerk(db):
    return make_user("clara", roles.CLERK)


@pytest.fixture
def administrator(db):
    return make_user("ada", roles.ADMINISTRATOR, is_staff=True, is_superuser=True)
