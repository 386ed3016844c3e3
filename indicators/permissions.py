"""Who may enter an indicator's figures: checked on the server for every write."""

from django.core.exceptions import PermissionDenied

from improvement.access import is_person, manages_plan
from indicators.models import Indicator


def can_enter_figures(user, indicator: Indicator) -> bool:
    """The indicator's owner (whatever their role: owning a PI is the assignment) and the
    plan's managers (administrators manage every plan). Everyone else reads only."""
    return is_person(user, indicator.owner) or manages_plan(user, indicator.plan)


def require_can_enter_figures(user, indicator: Indicator) -> None:
    if not can_enter_figures(user, indicator):
        raise PermissionDenied("Only the indicator's owner and the plan's managers may do this.")
