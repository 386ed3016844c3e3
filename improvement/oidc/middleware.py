"""Sessions begun at an identity provider go back to it after OIDC_SESSION_MAX_SECONDS.

The sliding session (improvement/sessions.py) keeps an active user signed in indefinitely; a
leaver disabled at the provider would keep working here for as long as they kept clicking.
Going back to the provider at least once a working day ends that: while their account there
is alive it is a redirect there and back, with no password asked for.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

SIGNED_IN_AT = "oidc_signed_in_at"


class ProviderSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # A request without a session cookie (the public pages, the API with a token) has
        # nothing to check, and must not be made to read a session.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        started = request.session.get(SIGNED_IN_AT)
        if started is None or time.time() - started <= settings.OIDC_SESSION_MAX_SECONDS:
            return None
        provider = request.session.get("oidc_provider")
        logout(request)
        # A page open to all (signing in, the public pages) goes on, signed out.
        if not getattr(view_func, "login_required", True):
            return None
        if request.method == "GET" and provider in settings.OIDC_PROVIDERS:
            start = reverse("oidc_login", args=[provider])
            return redirect(f"{start}?{urlencode({'next': request.get_full_path()})}")
        messages.info(request, "Your sign-in has expired: sign in again.")
        return redirect("login")
