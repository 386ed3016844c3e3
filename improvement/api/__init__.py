"""The read-only JSON API for BI tools: here, plan summaries and RAG timelines, and what every
endpoint shares (authentication, the plan as the caller may read it, the as-at date); the lists
are in views.py, the shapes in schemas.py, and middleware.py turns every error under /api/
into JSON.

Authenticated by the browser session or by a personal token sent as
`Authorization: Bearer <token>`. Errors are JSON too: 400 for a bad parameter, 401 without
credentials, 404 for an unknown plan.
"""

from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from improvement.access import readable_plans
from improvement.asat import in_range
from improvement.dashboard import plan_summary
from improvement.models import ApiToken, Plan
from recommendations.timeline import (
    BadMonth,
    default_months,
    months_between,
    parse_month,
    plan_timeline,
)


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def bearer_secret(request) -> str | None:
    """The token sent as `Authorization: Bearer <token>` (or `Token <token>`), if any."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() not in ("bearer", "token") or not secret.strip():
        return None
    return secret.strip()


def authenticated_user(request):
    """The session's user, else the owner of a live bearer token, else None."""
    if request.user.is_authenticated:
        return request.user
    secret = bearer_secret(request)
    if secret is None:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.digest(secret), revoked__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    return token.user


def api_view(view):
    """Our own authentication and JSON errors in place of the log-in redirect."""

    @login_not_required
    @require_GET
    def wrapper(request, *args, **kwargs):
        if authenticated_user(request) is None:
            return JsonResponse(
                {"error": "Sign in, or send a personal API token as 'Authorization: Bearer …'"},
                status=401,
            )
        try:
            return JsonResponse(view(request, *args, **kwargs))
        except ApiError as error:
            return JsonResponse({"error": str(error)}, status=error.status)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def get_plan(request, slug: str) -> Plan:
    """The plan, if the caller may read it (the portfolio's rule); else 404, so that a plan
    one may not read is not even known to exist."""
    plan = readable_plans(authenticated_user(request)).filter(slug=slug).first()
    if plan is None:
        raise ApiError(404, f"No plan {slug!r}")
    return plan


def as_at_param(request) -> date:
    raw = request.GET.get("as_at")
    if not raw:
        return timezone.localdate()
    try:
        as_at = date.fromisoformat(raw)
    except ValueError:
        raise ApiError(400, f"as_at must be a date as YYYY-MM-DD, not {raw!r}") from None
    if not in_range(as_at):
        raise ApiError(400, f"as_at must be between 1990-01-01 and 2100-12-31, not {raw!r}")
    return as_at


@api_view
def summary(request, slug):
    """GET /api/plans/<slug>/summary/?as_at=YYYY-MM-DD"""
    return plan_summary(get_plan(request, slug), as_at_param(request))


@api_view
def timeline(request, slug):
    """GET /api/plans/<slug>/timeline/?from=YYYY-MM&to=YYYY-MM"""
    plan = get_plan(request, slug)
    today = timezone.localdate()
    first, last = default_months(plan, today)
    try:
        first = parse_month(request.GET["from"]) if request.GET.get("from") else first
        last = parse_month(request.GET["to"]) if request.GET.get("to") else last
        months = months_between(first, last)
    except BadMonth as bad:
        raise ApiError(400, str(bad)) from None
    result = plan_timeline(plan, months, today)
    return {
        "plan": plan.slug,
        "months": [f"{m:%Y-%m}" for m in months],
        "recommendations": [
            {
                "ref": row.recommendation.ref,
                "theme": theme.theme.name,
                "statuses": row.by_month(months),
            }
            for theme in result.themes
            for row in theme.rows
        ],
    }
