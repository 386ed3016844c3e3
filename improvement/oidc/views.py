"""Signing in through an identity provider: the redirect to it, the callback from it, and the
address its sign-out page is left for."""

import logging
from urllib.parse import parse_qs, urlencode, urlsplit

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from improvement.oidc import discovery
from improvement.oidc.accounts import SignInRefused
from improvement.oidc.backend import PROVIDER_SESSION_KEY

logger = logging.getLogger(__name__)
STATES = "oidc_states"


def provider_or_404(key: str):
    try:
        return settings.OIDC_PROVIDERS[key]
    except KeyError:
        raise Http404("No such sign-in provider") from None


def back_to_sign_in(request, message: str):
    messages.error(request, message)
    return redirect("login")


@method_decorator([login_not_required, never_cache], name="dispatch")
class SignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's sign-in page with a fresh state, nonce and PKCE
    challenge (the library's), and notes in the session which provider the state is for."""

    def __init__(self, **kwargs):
        # The library reads one provider from settings here; ours is chosen in get().
        View.__init__(self, **kwargs)
        self.provider = None

    def get_settings(self, attr, *args):
        if attr == "OIDC_RP_SCOPES" and self.provider is not None:
            return self.provider.scopes
        return import_from_settings(attr, *args)

    def get(self, request, provider):
        self.provider = provider_or_404(provider)
        try:
            found = discovery.metadata(self.provider)
        except discovery.ProviderUnavailable:
            logger.exception("Sign-in with %s could not start", self.provider.key)
            return back_to_sign_in(
                request,
                f"{self.provider.name} could not be reached to sign you in. Try again in a "
                "few minutes; if it goes on, tell your IT service desk.",
            )
        self.OIDC_OP_AUTH_ENDPOINT = found["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = self.provider.client_id
        response = super().get(request)
        state = parse_qs(urlsplit(response.url).query)["state"][0]
        request.session[STATES][state]["provider"] = self.provider.key
        request.session.modified = True
        return response


@method_decorator([login_not_required, never_cache], name="dispatch")
class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer. The library checks the state (once only), then the backend
    exchanges the code (with the PKCE verifier) and verifies the ID token; every refusal
    comes back to the sign-in page with the reason."""

    def get(self, request):
        entry = request.session.get(STATES, {}).get(request.GET.get("state", ""))
        if isinstance(entry, dict) and entry.get("provider") in settings.OIDC_PROVIDERS:
            request.oidc_provider = entry["provider"]
        try:
            return super().get(request)
        except SignInRefused as exc:
            return self.refuse(str(exc), exc)
        except (
            SuspiciousOperation,
            requests.RequestException,
            discovery.ProviderUnavailable,
        ) as exc:
            return self.refuse("Sign-in could not be completed. Start again.", exc)

    def refuse(self, message, exc=None):
        logger.warning("Sign-in through an identity provider refused: %s", exc or message)
        return back_to_sign_in(self.request, message)

    def login_failure(self):
        error = self.request.GET.get("error")
        if error:
            return self.refuse(f"Your organisation's sign-in was not completed ({error[:60]}).")
        return self.refuse("Sign-in could not be completed. Start again.")


def end_session_url(request, provider_key, id_token) -> str | None:
    """Where to send the browser to end its session at the provider too: the provider's
    end-session endpoint (RP-Initiated Logout), if it publishes one, coming back to sign-in."""
    provider = settings.OIDC_PROVIDERS.get(provider_key or "")
    if provider is None:
        return None
    try:
        endpoint = discovery.metadata(provider).get("end_session_endpoint")
    except discovery.ProviderUnavailable:
        return None
    if not endpoint:
        return None
    params = {
        "client_id": provider.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
    }
    if id_token:
        params["id_token_hint"] = id_token
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


def provider_session(request) -> tuple[str | None, str | None]:
    """The provider this session signed in through, and its ID token (read before logout)."""
    session = request.session
    return session.get(PROVIDER_SESSION_KEY), session.get("oidc_id_token")
