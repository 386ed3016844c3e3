"""Who may see a background task: exactly those who may see its result. One rule per kind,
asked of the app that owns the result."""

from django.core.exceptions import PermissionDenied

from improvement.access import manages_plan
from improvement.reports import permissions as report_permissions
from improvement.roles import is_administrator

from .models import BackgroundTask

Kind = BackgroundTask.Kind


def can_see(user, task: BackgroundTask) -> bool:
    if task.kind == Kind.REPORT_PREVIEW:
        return report_permissions.can_read_drafts(user)
    if task.kind == Kind.REPORT_ISSUE:
        # The issued report is read by officers too; while a draft, by draft readers only.
        return report_permissions.can_read(user, task.report)
    if task.kind in (Kind.PLAN_IMPORT, Kind.PLAN_IMPORT_PREVIEW):
        return manages_plan(user, task.plan) if task.plan else is_administrator(user)
    return is_administrator(user)


def require_can_see(user, task: BackgroundTask) -> None:
    if not can_see(user, task):
        raise PermissionDenied("This task's result is not yours to see.")
