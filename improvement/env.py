"""Read settings from the environment, failing loudly on a value that makes no sense."""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_networks(name: str) -> list[str]:
    """Comma-separated IP addresses or networks (10.0.0.5, 10.0.0.0/24, ::1)."""
    entries = env_list(name)
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks, not {entry!r}"
            ) from exc
    return entries


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """One of a few words, e.g. DJANGO_LOCAL_LOGIN=admins|all|off."""
    value = os.environ.get(name, "").strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def env_pairs(name: str) -> dict[str, str]:
    """Comma-separated `key:value` pairs, split on each pair's last colon (a key may hold one,
    a value never does): `ImprovementTracker.Director:Director,Staff.Clerks:Clerk`."""
    pairs = {}
    for entry in env_list(name):
        key, colon, value = entry.rpartition(":")
        if not colon or not key.strip() or not value.strip():
            raise ImproperlyConfigured(f"{name} must list key:value pairs, not {entry!r}")
        pairs[key.strip()] = value.strip()
    return pairs
