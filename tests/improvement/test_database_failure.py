"""A request while the database is away gets the app's own 500 page, and the failure is
logged once, not once per piece of middleware that tries the database again."""

import logging

from django.db import connection
from django.test import Client


def test_a_database_failure_is_logged_once_and_answered_with_the_500_page(alice, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    # A real failure of the database (the sessions' table is gone), as a restart looks to a
    # request: every query of the session fails.
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE django_session RENAME TO django_session_away")
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.text
    errors = [
        r for r in caplog.records if r.name == "django.request" and r.levelno >= logging.ERROR
    ]
    assert len(errors) == 1, [r.getMessage() for r in errors]
