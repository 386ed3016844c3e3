"""Who may read which plans: the one rule the portfolio and the API both ask.

Every page of a plan needs only a log-in (LoginRequiredMiddleware), so today an active,
signed-in account reads every plan. The API answers a token with what its user may read,
through this same function, so a narrower rule written here narrows both at once.
"""

from django.db.models import QuerySet

from improvement.models import Plan


def readable_plans(user) -> QuerySet[Plan]:
    """The plans the user may read; none for nobody, an anonymous visitor or an account that
    has been deactivated."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Plan.objects.none()
    return Plan.objects.all()
