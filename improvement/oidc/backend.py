"""mozilla-django-oidc's backend, for several providers, with the ID token's issuer and
audience verified as well as its signature, expiry and nonce."""

import time

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from improvement.oidc import accounts, discovery
from improvement.oidc.middleware import SIGNED_IN_AT

PROVIDER_SESSION_KEY = "oidc_provider"


class OIDCBackend(OIDCAuthenticationBackend):
    """Signs in the person an identity provider vouches for, on the callback from it only.

    The library reads one provider from settings when it is made; here the provider is the
    one the callback view found in the sign-in's state (request.oidc_provider), and its
    endpoints come from its discovery document.
    """

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()
        self.provider = None
        self.metadata = {}

    def get_settings(self, attr, *args):
        if attr == "OIDC_TOKEN_USE_BASIC_AUTH":
            # client_secret_post where the provider takes it (the library's choice), else basic.
            methods = self.metadata.get("token_endpoint_auth_methods_supported")
            return bool(methods) and "client_secret_post" not in methods
        return import_from_settings(attr, *args)

    def authenticate(self, request, **kwargs):
        key = getattr(request, "oidc_provider", None) if request is not None else None
        # A password sign-in (or anything else) is not ours to answer.
        if key is None or "nonce" not in kwargs:
            return None
        self.provider = settings.OIDC_PROVIDERS[key]
        self.metadata = discovery.metadata(self.provider)
        self.OIDC_OP_TOKEN_ENDPOINT = self.metadata["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = self.metadata.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = self.metadata["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = self.provider.client_id
        self.OIDC_RP_CLIENT_SECRET = self.provider.client_secret
        self.OIDC_RP_SIGN_ALGO = self.provider.sign_algo
        self.OIDC_RP_IDP_SIGN_KEY = None
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload, key):
        """The library checks the signature and expiry only; the issuer and the audience
        (this app's client id, and only it unless azp names it) are checked here too."""
        alg = jwt.get_unverified_header(payload).get("alg")
        if alg != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"ID token signed with {alg!r}, not {self.OIDC_RP_SIGN_ALGO}")
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[alg],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.metadata["issuer"],
                options={"require": ["iss", "sub", "aud", "exp", "iat"]},
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token for several audiences without our azp")
        return claims

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims (signed, so preferred), completed from the userinfo endpoint
        when the ID token carries no e-mail (oidc-provider, Keycloak; Entra puts it in)."""
        if "email" in payload or not self.OIDC_OP_USER_ENDPOINT:
            return dict(payload)
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo is about another subject than the ID token")
        return {**userinfo, **payload}

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        return accounts.sign_in(
            claims,
            self.provider,
            role_claim=settings.OIDC_ROLE_CLAIM,
            role_map=settings.OIDC_ROLE_MAP,
            domains=settings.OIDC_ORGANISATION_DOMAINS,
        )

    def store_tokens(self, access_token, id_token):
        super().store_tokens(access_token, id_token)
        self.request.session[PROVIDER_SESSION_KEY] = self.provider.key
        self.request.session[SIGNED_IN_AT] = int(time.time())

    def get_user(self, user_id):
        # The library's would return a disabled user too; Django's refuses them, so a user
        # made inactive is signed out at their next request.
        return ModelBackend.get_user(self, user_id)
