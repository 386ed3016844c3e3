"""Plan figures cached until they change.

Every write that can change a plan's figures raises the plan's `version` in the same
transaction (improvement.plan_versions), so a figure or page fragment cached under (plan,
version, as-at date, what the viewer may see) is never read after the plan has changed: the
next read asks under the new version and computes afresh. What is cached is plain data or
HTML, never pickled model instances (unpickling them costs what computing does).
"""

from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db.models import F

from improvement import roles
from improvement.access import contributes_to_plan, manages_plan_once


def touch_plans(**lookups) -> int:
    """Raise the version of the plans matching `lookups` (all of them when none): one
    UPDATE, in the caller's transaction."""
    from improvement.models import Plan

    return Plan.objects.filter(**lookups).update(version=F("version") + 1)


def visibility(user, plan) -> str:
    """What the viewer may see of the plan, as a key: their roles and whether they manage or
    contribute to it. Two viewers with different rights never share a cached fragment. Who
    may read the plan at all is settled before a fragment is asked for (readable_plan_or_404),
    so the key need not name the viewer's organisation."""
    if manages_plan_once(user, plan):
        rights = "manager"
    elif contributes_to_plan(user, plan):
        rights = "contributor"
    else:
        rights = "reader"
    return "+".join([*sorted(roles.role_names(user)), rights])


def key(kind: str, plan, as_at: date | None = None, viewer: str = "") -> str:
    # The version is the plan's as loaded for this request, before its figures are read, so
    # a figure stored under it is at least as new as that version.
    day = as_at.isoformat() if as_at else ""
    return f"figures:{kind}:{plan.pk}:{plan.version}:{day}:{viewer}"


def cached(cache_key: str, make: Callable[[], object]):
    """The value under the key, made (and stored) when there is none."""
    value = cache.get(cache_key)
    if value is None:
        value = make()
        cache.set(cache_key, value, settings.FIGURES_CACHE_SECONDS)
    return value


def cached_many(keys: dict, make: Callable[[list], dict]) -> dict:
    """Values for several keys ({item: key}) at once; `make` is given the items whose values
    were not cached and returns {item: value} for them."""
    found = cache.get_many(list(keys.values()))
    values = {item: found[k] for item, k in keys.items() if k in found}
    missing = [item for item in keys if item not in values]
    if missing:
        made = make(missing)
        cache.set_many({keys[item]: made[item] for item in missing}, settings.FIGURES_CACHE_SECONDS)
        values.update(made)
    return values
