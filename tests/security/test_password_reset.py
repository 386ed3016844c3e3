"""Password reset tells nobody who has an account, by its answer or by how long it takes, and
cannot be used to flood an inbox."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

RESET = "/accounts/password/reset/"


def ask(client, email, address="10.0.0.1"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_the_e_mail_is_sent_after_the_answer(alice, mailoutbox):
    """What only a known address costs (the look-up, the token, the SMTP conversation) happens
    once the response is closed, after the server has sent it, so both answers take as long."""
    from django.test import RequestFactory

    from improvement.signin import PasswordResetView

    request = RequestFactory().post(RESET, {"email": "alice@example.gov.uk"})
    request._dont_enforce_csrf_checks = True
    with CaptureQueriesContext(connection) as during:
        response = PasswordResetView.as_view()(request)
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mailoutbox == []
    assert not [q for q in during if "auth_user" in q["sql"]]

    response.close()
    (mail,) = mailoutbox
    assert mail.to == ["alice@example.gov.uk"]


def test_one_e_mail_address_gets_at_most_three_links_an_hour(client, alice, mailoutbox):
    codes = [ask(client, "alice@example.gov.uk", f"10.0.0.{n}").status_code for n in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    assert len(mailoutbox) == 3
    refused = ask(client, "Alice@Example.gov.uk", "10.0.1.1")
    assert refused.status_code == 429
    assert "Too many reset requests" in refused.text
    assert refused["Retry-After"] == "3600"


def test_one_address_may_ask_for_ten_links_an_hour(client, alice, mailoutbox):
    codes = [ask(client, f"person{n}@example.gov.uk").status_code for n in range(11)]
    assert codes == [302] * 10 + [429]
    # The same answer for an account's address once the address is throttled.
    assert ask(client, "alice@example.gov.uk").status_code == 429
    assert mailoutbox == []
    # Another address is not held up.
    assert ask(client, "alice@example.gov.uk", "10.0.0.2").status_code == 302
