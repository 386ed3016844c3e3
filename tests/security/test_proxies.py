"""The client's address behind a proxy: X-Forwarded-For is believed only from the proxies in
DJANGO_TRUSTED_PROXIES, and log-in lock-outs and the public rate limit both use that address.
An address that tries many user names is locked for all of them (password spraying)."""

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from improvement.sessions import client_ip

LOGIN = "/accounts/login/"
PROXY = "10.0.0.5"


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    "trusted, remote, forwarded, client",
    [
        # No proxy configured: the header is whatever the client made up.
        ([], "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # Reachable directly, past the proxy: still made up.
        ([PROXY], "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # Through the proxy: the address it appended.
        ([PROXY], PROXY, "198.51.100.1", "198.51.100.1"),
        # The client wrote its own header first; the proxy appended the real address.
        ([PROXY], PROXY, "1.2.3.4, 198.51.100.1", "198.51.100.1"),
        # Two proxies of ours, one network.
        (["10.0.0.0/24"], "10.0.0.6", "1.2.3.4, 198.51.100.1, 10.0.0.5", "198.51.100.1"),
        # The proxy sent no header: the proxy is all we know.
        ([PROXY], PROXY, None, PROXY),
        # Garbage the client wrote is never taken for an address.
        ([PROXY], PROXY, "not-an-address", PROXY),
        (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
    ],
)
def test_client_ip(settings, trusted, remote, forwarded, client):
    settings.TRUSTED_PROXIES = trusted
    assert client_ip(request_from(remote, forwarded)) == client


def test_a_trusted_proxy_that_is_not_an_address_fails_loudly(monkeypatch):
    from improvement.env import env_networks

    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", "10.0.0.5, proxy.internal")
    with pytest.raises(ImproperlyConfigured, match="proxy.internal"):
        env_networks("DJANGO_TRUSTED_PROXIES")


def sign_in(client, username, password, remote, forwarded):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_invented_addresses_do_not_escape_the_lock_out(client, alice, settings):
    """Reaching the app server directly, each guess claiming another address: still locked."""
    # DJANGO_PROXY_COUNT=1 was the setting that believed the header from anyone.
    settings.PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = [PROXY]
    codes = [
        sign_in(client, "alice", f"guess-{n}", "203.0.113.7", f"198.51.100.{n}").status_code
        for n in range(1, 21)
    ]
    assert codes[:4] == [200] * 4
    assert set(codes[4:]) == {429}


def test_claiming_someone_elses_address_does_not_lock_them_out(client, alice, settings):
    # DJANGO_PROXY_COUNT=1 was the setting that believed the header from anyone.
    settings.PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = [PROXY]
    for n in range(5):
        sign_in(client, "alice", f"guess-{n}", "203.0.113.66", "198.51.100.9")
    # Alice, really at 198.51.100.9 and signing in through the proxy, is not locked.
    response = sign_in(client, "alice", "pw", PROXY, "198.51.100.9")
    assert response.status_code == 302


def test_behind_the_proxy_each_client_is_locked_apart(client, alice, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for n in range(5):
        sign_in(client, "alice", f"guess-{n}", PROXY, "198.51.100.9")
    assert sign_in(client, "alice", "pw", PROXY, "198.51.100.9").status_code == 429
    assert sign_in(client, "alice", "pw", PROXY, "198.51.100.10").status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.9"}


def test_many_user_names_from_one_address_lock_it_for_every_name(client, alice, settings):
    settings.SIGN_IN_ADDRESS_LIMIT = 10
    for n in range(10):
        response = sign_in(client, f"user{n}", "Spring2026!", "203.0.113.7", "")
        assert response.status_code == 200, n
    sprayed = sign_in(client, "alice", "pw", "203.0.113.7", "")
    assert sprayed.status_code == 429
    assert "for every user name" in sprayed.text
    # Only that address: alice elsewhere signs in.
    assert sign_in(client, "alice", "pw", "203.0.113.8", "").status_code == 302


def test_a_few_people_mistyping_at_one_office_are_not_locked(client, alice, bob, settings):
    settings.SIGN_IN_ADDRESS_LIMIT = 10
    for name in ["bob", "carol", "dave"]:
        sign_in(client, name, "typo", "203.0.113.7", "")
    assert sign_in(client, "alice", "pw", "203.0.113.7", "").status_code == 302


@pytest.fixture
def published_plan(plan_setup, manager):
    from datetime import date

    from publishing.services import approve, set_publication

    set_publication(plan_setup.plan, published=True, show_names=False, user=manager)
    approve(plan_setup.plan, date(2020, 6, 30), user=manager)
    return plan_setup.plan


def test_the_public_rate_limit_counts_each_visitor_behind_the_proxy(
    client, published_plan, settings
):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.PUBLIC_RATE_LIMIT = "3/m"
    url = f"/public/{published_plan.slug}/"

    def get(visitor):
        return client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=visitor).status_code

    assert [get("198.51.100.1") for _ in range(4)] == [200, 200, 200, 429]
    # Another visitor through the same proxy has their own count.
    assert get("198.51.100.2") == 200
