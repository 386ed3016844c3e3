"""DJANGO_LOCAL_LOGIN: passwords for everyone (all), for break-glass administrators only
(admins), or for nobody (off), beside the organisation's own sign-in."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.oidc.fixtures import sign_in, use_providers

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
WRONG = "Please enter a correct username and password"


def password_sign_in(client, username, password="pw"):
    return client.post(LOGIN, {"username": username, "password": password})


def test_switched_off_the_page_offers_only_the_provider(client, settings, council_idp, alice):
    use_providers(settings, council_idp, local_login="off")
    page = client.get(LOGIN)
    assert page.status_code == 200
    assert "Sign in with Herefordshire Council" in page.text
    assert 'name="password"' not in page.text and 'name="username"' not in page.text
    assert "Forgotten your password?" not in page.text


def test_switched_off_a_password_is_refused(client, settings, council_idp, alice):
    use_providers(settings, council_idp, local_login="off")
    response = password_sign_in(client, "alice")
    assert response.status_code == 403
    assert "Signing in with a password is switched off" in response.text
    assert client.get(reverse("account")).status_code == 302
    # Refused before any password was checked: nothing for django-axes to count.
    assert not AccessAttempt.objects.exists()


def test_switched_off_a_password_session_ends_at_the_next_request(
    client, settings, council_idp, alice
):
    assert password_sign_in(client, "alice").status_code == 302
    assert client.get(reverse("account")).status_code == 200
    use_providers(settings, council_idp, local_login="off")
    response = client.get(reverse("account"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_switched_off_the_provider_still_signs_in(client, settings, council_idp):
    use_providers(settings, council_idp, local_login="off")
    response, _ = sign_in(client, "dora")
    assert response.url == reverse("start")


@pytest.mark.parametrize(
    "name", ["password_reset", "password_reset_done", "password_reset_complete"]
)
def test_switched_off_there_is_no_password_to_reset(client, settings, council_idp, name):
    use_providers(settings, council_idp, local_login="off")
    assert client.get(reverse(name)).status_code == 404


def test_for_admins_only_an_administrator_signs_in_with_a_password(
    client, settings, council_idp, alice, administrator
):
    use_providers(settings, council_idp, local_login="admins")
    page = client.get(LOGIN).text
    assert "Administrators: sign in with a password" in page
    assert 'name="password"' in page

    # Alice's password is right, but she is answered as if it were wrong, and it counts.
    response = password_sign_in(client, "alice")
    assert response.status_code == 200 and WRONG in response.text
    assert AccessAttempt.objects.get(username="alice").failures_since_start == 1
    assert client.get(reverse("account")).status_code == 302

    response = password_sign_in(client, "ada")
    assert response.status_code == 302 and response.url == reverse("start")


def test_for_admins_only_axes_still_locks_the_password_form(
    client, settings, council_idp, administrator
):
    use_providers(settings, council_idp, local_login="admins")
    for attempt in range(5):
        password_sign_in(client, "ada", f"guess-{attempt}")
    assert password_sign_in(client, "ada").status_code == 429


def test_all_shows_the_provider_and_the_password_form(client, council_idp, alice):
    page = client.get(LOGIN).text
    assert "Sign in with Herefordshire Council" in page and 'name="password"' in page
    assert password_sign_in(client, "alice").status_code == 302


def test_without_providers_the_page_is_the_password_form_alone(client):
    page = client.get(LOGIN).text
    assert "Sign in with" not in page and 'name="password"' in page
