"""Our own pages for a refused form (CSRF), a bad request and a server error: each has a main
landmark, a way back and nothing the Content-Security-Policy would refuse."""

import re

import pytest
from django.db import connection
from django.test import Client

LOGIN = "/accounts/login/"


def assert_our_page(response, heading):
    page = response.content.decode()
    assert '<main class="govuk-main-wrapper" id="main-content">' in page
    assert heading in page
    assert 'href="/"' in page
    assert not re.search(r"<style|\sstyle=", page), "inline style breaks the CSP"
    assert '<html lang="en-GB"' in page


def test_a_form_without_its_csrf_token_gets_our_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "alice", "password": "pw"})
    assert response.status_code == 403
    assert_our_page(response, "The form had expired")
    assert "Nothing was saved" in response.content.decode()


def test_a_bad_request_gets_our_page(db):
    response = Client().get("/", HTTP_HOST="not-allowed.example.com")
    assert response.status_code == 400
    assert_our_page(response, "The request could not be read")


@pytest.mark.django_db
def test_a_server_error_gets_our_page(alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE django_session RENAME TO django_session_away")
    response = client.get("/")
    assert response.status_code == 500
    assert_our_page(response, "Sorry, there is a problem with the service")
