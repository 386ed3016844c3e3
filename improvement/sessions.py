"""Sessions that end after a spell of inactivity, and the client address behind a proxy."""

import functools
import ipaddress
import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

TOUCHED = "_touched"


class SlidingSessionMiddleware:
    """Push a signed-in session's expiry back while it is in use, at most once a minute.

    SESSION_SAVE_EVERY_REQUEST would do the same with one database write per page; this writes
    once per SESSION_REFRESH_SECONDS, so a session ends between SESSION_COOKIE_AGE minus that
    and SESSION_COOKIE_AGE after its last request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # A page that never read the session (/healthz, static files) leaves it alone, and an
        # anonymous visitor without a session is not given one. A failed page leaves it too:
        # if the database failed, reading the session again would only fail (and be logged)
        # a second time.
        if session is None or not session.accessed or session.session_key is None:
            return response
        if response.status_code >= 500:
            return response
        now = int(time.time())
        if now - session.get(TOUCHED, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[TOUCHED] = now
        return response


@receiver(user_logged_in)
def _start_the_window(sender, request, user, **kwargs):
    # Signing in saves the session anyway; stamping it now spares the next page a write.
    if getattr(request, "session", None) is not None:
        request.session[TOUCHED] = int(time.time())


def client_ip(request) -> str | None:
    """The address a request came from, for lock-outs and rate limits.

    X-Forwarded-For is believed only when the request comes from one of TRUSTED_PROXIES (what
    anyone else sends in it is invented). Each trusted proxy appends the address it was reached
    from, so reading from the right, the first address that is not a trusted proxy is the
    client; everything further left was written by the client itself.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = trusted_proxies(tuple(settings.TRUSTED_PROXIES))
    if not _is_in(remote, proxies):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    client = remote
    for hop in reversed([h for h in hops if h]):
        if _address(hop) is None:
            # Not an address: nothing a proxy of ours wrote, so stop at the last one it did.
            break
        client = hop
        if not _is_in(hop, proxies):
            break
    return client


@functools.cache
def trusted_proxies(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str | None):
    try:
        return ipaddress.ip_address(text or "")
    except ValueError:
        return None


def _is_in(text: str | None, networks) -> bool:
    address = _address(text)
    return address is not None and any(address in network for network in networks)
