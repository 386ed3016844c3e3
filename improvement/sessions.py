"""Sessions that end after a spell of inactivity, and the client address behind a proxy."""

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
        # anonymous visitor without a session is not given one.
        if session is None or not session.accessed or session.session_key is None:
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
    """The address a request came from, for django-axes' lock-outs.

    Behind DJANGO_PROXY_COUNT proxies that each append to X-Forwarded-For, the client is the
    entry that many places from the right; anything further left was written by the client and
    cannot be trusted. Without proxies it is REMOTE_ADDR.
    """
    count = settings.PROXY_COUNT
    if count:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
