"""Signing in: lock-out after five failures, the same answer for an unknown user and a wrong
password, password reset by e-mail, the password rules, sessions that end when left alone, and
the headers every response carries."""

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from improvement.sessions import TOUCHED

LOGIN = "/accounts/login/"


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response) -> bool:
    return response.status_code == 302 and response.url == reverse("start")


def test_the_right_password_signs_in(client, alice):
    assert signed_in(sign_in(client, "alice", "pw"))


def test_five_failures_lock_that_user_at_that_address_for_15_minutes(client, alice):
    for attempt in range(1, 5):
        response = sign_in(client, "alice", f"guess-{attempt}")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.text

    fifth = sign_in(client, "alice", "guess-5")
    assert fifth.status_code == 429
    assert "Sign-in is locked for 15 minutes" in fifth.text
    assert "There were 5 failed attempts to sign in as <strong>alice</strong>" in fifth.text

    # Even the right password is refused while locked, and says so.
    locked = sign_in(client, "alice", "pw")
    assert locked.status_code == 429 and "locked for 15 minutes" in locked.text

    # The lock is on alice at this address: from another, and for another user, signing in works.
    assert signed_in(sign_in(client, "alice", "pw", address="10.0.0.2"))


def test_the_lock_lifts_after_15_minutes_and_not_before(client, alice):
    for attempt in range(5):
        sign_in(client, "alice", f"guess-{attempt}")

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert sign_in(client, "alice", "pw").status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    assert signed_in(sign_in(client, "alice", "pw"))


def test_a_success_clears_the_failures_before_it(client, alice):
    for attempt in range(4):
        sign_in(client, "alice", f"guess-{attempt}")
    assert signed_in(sign_in(client, "alice", "pw"))
    client.post(reverse("logout"))
    for attempt in range(4):
        assert sign_in(client, "alice", f"again-{attempt}").status_code == 200


def comparable(response, typed_username) -> str:
    """The page with what legitimately differs taken out: the CSRF token and the user name as
    typed back into the field."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text)
    return page.replace(f'value="{typed_username}"', 'value="…"')


def test_an_unknown_user_and_a_wrong_password_get_the_same_answer(client, alice):
    wrong_password = sign_in(client, "alice", "not-her-password")
    unknown_user = sign_in(client, "alicf", "not-her-password")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert comparable(wrong_password, "alice") == comparable(unknown_user, "alicf")
    assert sorted(wrong_password.cookies) == sorted(unknown_user.cookies)


def test_an_unknown_user_is_locked_out_like_a_known_one(client, db):
    # Otherwise the lock-out itself would tell which user names exist.
    for attempt in range(4):
        assert sign_in(client, "nobody", f"guess-{attempt}").status_code == 200
    assert sign_in(client, "nobody", "guess-5").status_code == 429


def reset_link(mail) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.body).group(1)


def test_password_reset_by_e_mail(client, alice, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "alice@example.gov.uk"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    (mail,) = mailoutbox
    assert mail.to == ["alice@example.gov.uk"]
    assert mail.subject == "Reset your Improvement Tracker password"

    form = client.get(reset_link(mail), follow=True)
    assert "Choose a new password" in form.text
    new = "Corvid-lantern-1987"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")
    assert signed_in(sign_in(client, "alice", new))

    # A reset link works once.
    client.post(reverse("logout"))
    again = client.get(reset_link(mail), follow=True)
    assert "This link does not work" in again.text


def test_password_reset_does_not_tell_who_has_an_account(client, alice, mailoutbox):
    known = client.post(reverse("password_reset"), {"email": "alice@example.gov.uk"})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.gov.uk"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    "password, problem",
    [
        ("short1!", "This password is too short"),
        ("password123", "This password is too common"),
        ("8472910365", "This password is entirely numeric"),
        ("alice@example.gov.uk1", "The password is too similar to the email address"),
    ],
)
def test_new_passwords_keep_the_password_rules(client, alice, password, problem):
    client.force_login(alice)
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw", "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert problem in response.text


def test_the_session_ends_after_30_minutes_without_a_request(client, alice):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(alice)
    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_using_the_session_keeps_it_alive(client, alice):
    client.force_login(alice)
    session = client.session
    session[TOUCHED] = int(time.time()) - settings.SESSION_REFRESH_SECONDS
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))

    assert client.get("/").status_code == 200
    expires = Session.objects.get().expire_date
    assert expires > timezone.now() + timedelta(minutes=29)
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60


def test_pages_within_a_minute_of_each_other_do_not_write_the_session(client, alice):
    client.force_login(alice)
    client.get("/")
    before = Session.objects.get().expire_date
    with CaptureQueriesContext(connection) as captured:
        client.get("/healthz")
        client.get("/")
    writes = [q["sql"] for q in captured if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert not writes
    assert Session.objects.get().expire_date == before


def test_the_session_cookie_is_httponly(client, alice):
    response = sign_in(client, "alice", "pw")
    assert response.cookies[settings.SESSION_COOKIE_NAME]["httponly"]


def test_every_response_carries_the_security_headers(client):
    response = client.get(LOGIN)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_no_template_has_an_inline_script_or_style():
    """The policy forbids them, so the browser would silently drop one: catch it here first."""
    inline = []
    for path in (settings.BASE_DIR / "templates").rglob("*.html"):
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(
            r"\sstyle=\"|<style", text
        ):
            inline.append(str(path.relative_to(settings.BASE_DIR)))
    assert not inline, inline
