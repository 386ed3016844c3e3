"""The identity providers and sign-in rules, read from the environment by settings.py.

OIDC_PROVIDERS=council,nhs names the providers; each has OIDC_<NAME>_ISSUER,
OIDC_<NAME>_CLIENT_ID, OIDC_<NAME>_CLIENT_SECRET, OIDC_<NAME>_NAME (shown on the button),
and optionally OIDC_<NAME>_SCOPES, OIDC_<NAME>_ORGANISATION, OIDC_<NAME>_TRUST_EMAIL,
OIDC_<NAME>_SIGN_ALGO. OIDC_ROLE_CLAIM and OIDC_ROLE_MAP map a claim to the roles,
OIDC_ORGANISATION_DOMAINS maps e-mail domains to organisations, DJANGO_LOCAL_LOGIN says who
may still sign in with a password.
"""

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from improvement.env import env_bool, env_choice, env_list, env_pairs
from improvement.roles import ROLES

LOCAL_LOGIN_CHOICES = ("all", "admins", "off")
DEFAULT_SCOPES = "openid email profile"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Provider:
    """One identity provider the app trusts (a council's Entra ID tenant, an NHS trust's)."""

    key: str
    name: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str = DEFAULT_SCOPES
    # The organisation everyone signing in here belongs to, unless their e-mail's domain says
    # otherwise (OIDC_ORGANISATION_DOMAINS).
    organisation: str = ""
    # Entra ID sends no email_verified claim: a single-tenant app may trust the tenant's own
    # directory for the address instead.
    trust_email: bool = False
    sign_algo: str = "RS256"

    @property
    def origin(self) -> str:
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"


def origins(providers: dict[str, Provider]) -> list[str]:
    """The providers' origins, which signing out may send the browser on to (CSP form-action)."""
    return sorted({provider.origin for provider in providers.values()})


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} is required (it is named in OIDC_PROVIDERS)")
    return value


def provider_from_env(key: str) -> Provider:
    prefix = f"OIDC_{key.upper()}_"
    issuer = _required(prefix + "ISSUER").rstrip("/")
    parts = urlsplit(issuer)
    # Tokens and the client secret travel to the issuer: only over HTTPS, but for a provider
    # on this machine (development and tests).
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in LOOPBACK):
        raise ImproperlyConfigured(f"{prefix}ISSUER must be an https:// address, not {issuer!r}")
    scopes = os.environ.get(prefix + "SCOPES", "").replace(",", " ").split() or [DEFAULT_SCOPES]
    scopes = " ".join(scopes)
    if "openid" not in scopes.split():
        raise ImproperlyConfigured(f"{prefix}SCOPES must include openid, not {scopes!r}")
    return Provider(
        key=key,
        name=_required(prefix + "NAME"),
        issuer=issuer,
        client_id=_required(prefix + "CLIENT_ID"),
        client_secret=_required(prefix + "CLIENT_SECRET"),
        scopes=scopes,
        organisation=os.environ.get(prefix + "ORGANISATION", "").strip(),
        trust_email=env_bool(prefix + "TRUST_EMAIL", False),
        sign_algo=os.environ.get(prefix + "SIGN_ALGO", "").strip() or "RS256",
    )


def providers_from_env() -> dict[str, Provider]:
    providers = {}
    for key in env_list("OIDC_PROVIDERS"):
        key = key.lower()
        if not key.isidentifier():
            raise ImproperlyConfigured(f"OIDC_PROVIDERS names letters and digits, not {key!r}")
        providers[key] = provider_from_env(key)
    return providers


def role_map_from_env() -> dict[str, str]:
    """OIDC_ROLE_MAP, claim value to role; every role named must be one of ours."""
    role_map = env_pairs("OIDC_ROLE_MAP")
    unknown = sorted(set(role_map.values()) - set(ROLES))
    if unknown:
        raise ImproperlyConfigured(
            f"OIDC_ROLE_MAP names roles that do not exist: {', '.join(unknown)} "
            f"(the roles are {', '.join(ROLES)})"
        )
    return role_map


def domain_map_from_env() -> dict[str, str]:
    return {
        domain.lower().lstrip("@"): name
        for domain, name in env_pairs("OIDC_ORGANISATION_DOMAINS").items()
    }


def local_login_from_env(providers: dict[str, Provider]) -> str:
    policy = env_choice("DJANGO_LOCAL_LOGIN", LOCAL_LOGIN_CHOICES, "all")
    if policy != "all" and not providers:
        raise ImproperlyConfigured(
            f"DJANGO_LOCAL_LOGIN={policy} needs OIDC_PROVIDERS: otherwise nobody could sign in"
        )
    return policy
