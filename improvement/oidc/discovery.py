"""Each provider's published configuration (OpenID Connect Discovery 1.0), kept in the cache."""

import requests
from django.conf import settings
from django.core.cache import cache

from improvement.oidc.config import Provider

REQUIRED = ("authorization_endpoint", "token_endpoint", "jwks_uri")


class ProviderUnavailable(Exception):
    """The provider's configuration could not be read, or does not describe that issuer."""


def metadata(provider: Provider) -> dict:
    """The provider's endpoints, from its /.well-known/openid-configuration."""
    key = f"oidc-metadata:{provider.issuer}"
    found = cache.get(key)
    if found is None:
        found = fetch(provider)
        cache.set(key, found, settings.OIDC_DISCOVERY_SECONDS)
    return found


def fetch(provider: Provider) -> dict:
    url = f"{provider.issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        found = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"{url}: {exc}") from exc
    # Discovery 4.3: the document must name the issuer it was asked for, or a document served
    # elsewhere could send sign-ins to another provider.
    if str(found.get("issuer", "")).rstrip("/") != provider.issuer:
        raise ProviderUnavailable(f"{url} describes issuer {found.get('issuer')!r}")
    missing = [name for name in REQUIRED if not found.get(name)]
    if missing:
        raise ProviderUnavailable(f"{url} names no {', '.join(missing)}")
    return found
