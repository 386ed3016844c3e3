"""What must not sign anyone in: an ID token for another app, another sign-in's nonce, a
state used twice, an expired token, a provider the state was not for. Each token is issued by
the real provider and checked by the backend's real code; where a test tampers, it is with
what comes back from the provider's token endpoint, as a man in the middle would."""

import base64
import hashlib
import secrets

import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from improvement.oidc import backend
from tests.oidc.fixtures import ProviderBrowser, app_path, query, sign_in, use_providers

User = get_user_model()
pytestmark = pytest.mark.django_db
STARTED_AGAIN = "Sign-in could not be completed. Start again."


def refused(client, response, message=STARTED_AGAIN) -> bool:
    assert response.status_code == 302 and response.url == reverse("login"), response
    page = client.get(response.url).text
    assert message in page
    return client.get(reverse("account")).status_code == 302


def tokens_for(idp, client_id, secret, redirect_uri, nonce, account="dora") -> dict:
    """A real token response from the provider, for any client and nonce: what an attacker
    holding their own app's registration at the same provider could obtain."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    params = {
        "client_id": client_id,
        "response_type": "code",
        "scope": "openid email profile",
        "redirect_uri": redirect_uri,
        "state": secrets.token_urlsafe(16),
        "nonce": nonce,
        "code_challenge": challenge.decode().rstrip("="),
        "code_challenge_method": "S256",
    }
    url = requests.Request("GET", f"{idp.issuer}/auth", params=params).prepare().url
    back = ProviderBrowser(app_base=redirect_uri.rsplit("/", 1)[0]).authorize(url, account)
    response = requests.post(
        f"{idp.issuer}/token",
        data={
            "grant_type": "authorization_code",
            "code": query(back)["code"],
            "redirect_uri": redirect_uri,
            "client_id": client_id,
            "client_secret": secret,
            "code_verifier": verifier,
        },
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()


def callback_with(client, monkeypatch, token_response):
    """Start a sign-in, then answer its callback with this token response in place of the
    one the provider's token endpoint would give."""
    start = client.get(reverse("oidc_login", args=["council"]))
    monkeypatch.setattr(backend.OIDCBackend, "get_token", lambda self, payload: token_response)
    state = query(start.url)["state"]
    return client.get(reverse("oidc_callback"), {"code": "any", "state": state}), start


def test_an_id_token_for_another_app_is_refused(client, idp, council_idp, monkeypatch, caplog):
    other_id, other_secret = idp.register("http://other.example", name="Another app")
    start = client.get(reverse("oidc_login", args=["council"]))
    nonce = query(start.url)["nonce"]
    # Everything right (signature, issuer, expiry, even this sign-in's nonce) but the audience.
    stolen = tokens_for(
        idp, other_id, other_secret, "http://other.example/accounts/oidc/callback/", nonce
    )
    monkeypatch.setattr(backend.OIDCBackend, "get_token", lambda self, payload: stolen)
    response = client.get(
        reverse("oidc_callback"), {"code": "any", "state": query(start.url)["state"]}
    )
    assert refused(client, response)
    assert "Audience doesn't match" in caplog.text  # refused for that reason, not another
    assert not User.objects.filter(email__startswith="dora").exists()


def test_the_same_token_for_this_app_would_have_signed_in(client, idp, council_idp, monkeypatch):
    """The control for the test above: the tampering itself is not what refuses."""
    start = client.get(reverse("oidc_login", args=["council"]))
    own = tokens_for(
        idp,
        council_idp.client_id,
        council_idp.client_secret,
        "http://testserver/accounts/oidc/callback/",
        query(start.url)["nonce"],
    )
    monkeypatch.setattr(backend.OIDCBackend, "get_token", lambda self, payload: own)
    response = client.get(
        reverse("oidc_callback"), {"code": "any", "state": query(start.url)["state"]}
    )
    assert response.url == reverse("start")


def test_an_id_token_of_another_sign_in_is_refused_by_its_nonce(
    client, idp, council_idp, monkeypatch, caplog
):
    other_nonce = tokens_for(
        idp,
        council_idp.client_id,
        council_idp.client_secret,
        "http://testserver/accounts/oidc/callback/",
        "a-nonce-this-browser-never-sent-0123456789",
    )
    response, _ = callback_with(client, monkeypatch, other_nonce)
    assert refused(client, response)
    assert "Nonce verification failed" in caplog.text  # refused for that reason, not another


def test_a_tampered_id_token_is_refused_by_its_signature(
    client, idp, council_idp, monkeypatch, caplog
):
    start = client.get(reverse("oidc_login", args=["council"]))
    good = tokens_for(
        idp,
        council_idp.client_id,
        council_idp.client_secret,
        "http://testserver/accounts/oidc/callback/",
        query(start.url)["nonce"],
    )
    header, payload, signature = good["id_token"].split(".")
    claims = base64.urlsafe_b64decode(payload + "==").replace(b"dora", b"mallory")
    forged = base64.urlsafe_b64encode(claims).decode().rstrip("=")
    monkeypatch.setattr(
        backend.OIDCBackend,
        "get_token",
        lambda self, p: {**good, "id_token": f"{header}.{forged}.{signature}"},
    )
    response = client.get(
        reverse("oidc_callback"), {"code": "any", "state": query(start.url)["state"]}
    )
    assert refused(client, response)
    assert "Signature verification failed" in caplog.text  # refused for that reason, not another


def test_a_state_is_good_for_one_sign_in_only(client, council_idp):
    response, browser = sign_in(client, "dora")
    assert response.url == reverse("start")
    callback = response.request["PATH_INFO"] + "?" + response.request["QUERY_STRING"]
    client.post(reverse("logout"))

    # The same answer again, in the same browser: its state was used up.
    assert refused(client, client.get(callback))
    # ... and in another browser, which never had that state.
    from django.test import Client

    other = Client()
    assert refused(other, other.get(callback))


def test_a_state_from_another_browser_is_refused(client, council_idp):
    from django.test import Client

    victim = Client()
    start = victim.get(reverse("oidc_login", args=["council"]))
    back = ProviderBrowser().authorize(start.url, "dora")
    # The attacker's browser brings the victim's code and state to the app.
    assert refused(client, client.get(app_path(back)))


def test_an_expired_id_token_is_refused(client, settings, late_openid_provider, caplog):
    """The provider's clock is two hours slow: its ID token expired an hour before it came."""
    late = late_openid_provider.as_setting("http://testserver")
    use_providers(settings, late)
    response, _ = sign_in(client, "dora")
    assert refused(client, response)
    assert "Signature has expired" in caplog.text  # refused for that reason, not another
    assert not User.objects.filter(email__startswith="dora").exists()


def test_a_provider_that_cannot_be_reached_at_the_token_endpoint_is_a_refusal(
    client, council_idp, monkeypatch
):
    def unreachable(self, payload):
        raise requests.ConnectionError("connection refused")

    start = client.get(reverse("oidc_login", args=["council"]))
    monkeypatch.setattr(backend.OIDCBackend, "get_token", unreachable)
    response = client.get(
        reverse("oidc_callback"), {"code": "any", "state": query(start.url)["state"]}
    )
    assert refused(client, response)
