"""What every address under /api/ shares, whichever view (or none) answers it: token
authentication, a rate limit per token, read-only methods, and errors as JSON."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.urls import reverse
from django_ratelimit.core import get_usage

from improvement.api import ApiError, authenticated_user, bearer_secret
from improvement.models import ApiToken

PREFIX = "/api/"
SAFE_METHODS = ("GET", "HEAD")
# What a client is told for an error that carries no message of its own (an unknown address,
# Django's own refusals); the status is the one Django chose.
MESSAGES = {
    400: "Bad request",
    401: "Sign in, or send a personal API token as 'Authorization: Bearer …'",
    403: "You may not read this",
    404: "No such address in the API: see /api/openapi.json for every endpoint",
    405: "The API is read-only: use GET",
    429: "Too many requests with this token: wait and try again",
    500: "Something went wrong on the server; it has been logged",
}


def json_error(status: int, message: str | None = None, **headers) -> JsonResponse:
    response = JsonResponse({"error": message or MESSAGES.get(status, "Error")}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def rate_key(request) -> str | None:
    """Whose requests are counted together: each token apart (so one runaway report cannot
    starve a user's others), else the signed-in user."""
    secret = bearer_secret(request)
    if secret is not None:
        return "token:" + ApiToken.digest(secret)
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return None


class ApiMiddleware:
    """Sits before CSRF and log-in checks, so that under /api/ a write is refused as 405 and an
    unauthenticated request as 401 JSON, never as a CSRF page or a redirect to log in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(PREFIX):
            return response
        return as_json(request, response)

    def process_view(self, request, view, args, kwargs):
        if not request.path.startswith(PREFIX):
            return None
        if request.method not in SAFE_METHODS:
            return json_error(405, Allow=", ".join(SAFE_METHODS))
        user = authenticated_user(request)
        if user is not None:
            # The view and everything after it see the token's owner as the user, without a
            # session being made for them.
            request.user = user
        return throttled(request)

    def process_exception(self, request, exception):
        if not request.path.startswith(PREFIX):
            return None
        if isinstance(exception, ApiError):
            return json_error(exception.status, str(exception))
        if isinstance(exception, PermissionDenied):
            return json_error(403, str(exception) or None)
        if isinstance(exception, Http404):
            return json_error(404, str(exception) or None)
        return None


def throttled(request) -> JsonResponse | None:
    """429 with Retry-After (seconds to the end of the window) once a token or user has made
    API_RATE_LIMIT requests in it; None while within the limit."""
    key = rate_key(request)
    if key is None:
        return None
    usage = get_usage(
        request, group="api", key=lambda group, request: key, rate=settings.API_RATE_LIMIT,
        increment=True,
    )  # fmt: skip
    if usage is None or not usage["should_limit"]:
        return None
    return json_error(429, Retry_After=str(max(1, usage["time_left"])))


def as_json(request, response):
    """Any error Django or a view answered in HTML (a 404 for an unknown address, a 405 from
    require_GET, a 500 page) as {"error": ...} with the same status; a redirect to log in
    as 401."""
    if response.status_code in (301, 302) and response.get("Location", "").startswith(
        reverse(settings.LOGIN_URL)
    ):
        return json_error(401)
    if response.status_code < 400 or response.get("Content-Type", "").startswith(
        "application/json"
    ):
        return response
    converted = json_error(response.status_code)
    for header in ("Allow", "Retry-After"):
        if header in response:
            converted[header] = response[header]
    return converted
