"""Who may change risks, checked on the server for every write. One helper per question."""

from django.core.exceptions import PermissionDenied

from improvement.access import is_person, manages_plan, require_manages_plan
from improvement.models import Plan
from risks.models import Risk


def can_review_risk(user, risk: Risk) -> bool:
    """The risk's owner, whatever their role, and the plan's managers record reviews."""
    return is_person(user, risk.owner) or manages_plan(user, risk.plan)


def require_can_review(user, risk: Risk) -> None:
    if not can_review_risk(user, risk):
        raise PermissionDenied("Only the risk's owner and the plan's managers may review it.")


def can_change_matrix(user, plan: Plan) -> bool:
    return manages_plan(user, plan)


def require_can_change_matrix(user, plan: Plan) -> None:
    require_manages_plan(user, plan)
