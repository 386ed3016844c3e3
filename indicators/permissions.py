"""Who may enter an indicator's figures: checked on the server for every write."""

from django.core.exceptions import PermissionDenied

from indicators.models import Indicator
from recommendations.permissions import manages_plan


def owns_indicator(user, indicator: Indicator) -> bool:
    return (
        user.is_authenticated
        and indicator.owner is not None
        and indicator.owner.user_id is not None
        and indicator.owner.user_id == user.pk
    )


def can_enter_figures(user, indicator: Indicator) -> bool:
    """The indicator's owner (whatever their role: owning a PI is the assignment) and the
    plan's managers (administrators manage every plan). Everyone else reads only."""
    return owns_indicator(user, indicator) or manages_plan(user, indicator.plan)


def require_can_enter_figures(user, indicator: Indicator) -> None:
    if not can_enter_figures(user, indicator):
        raise PermissionDenied("Only the indicator's owner and the plan's managers may do this.")
