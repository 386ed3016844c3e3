"""Who may read and write board reports, checked on the server for every view.

Clerks and administrators write and issue; directors read drafts and issued reports; officers
read issued reports only. One helper per question, each raising PermissionDenied."""

from django.core.exceptions import PermissionDenied

from improvement.roles import ADMINISTRATOR, CLERK, DIRECTOR, OFFICER, role_names

from .models import BoardReport

WRITERS = {CLERK, ADMINISTRATOR}
DRAFT_READERS = {DIRECTOR, CLERK, ADMINISTRATOR}
ISSUED_READERS = {OFFICER, DIRECTOR, CLERK, ADMINISTRATOR}


def can_write_reports(user) -> bool:
    return bool(role_names(user) & WRITERS)


def can_read_drafts(user) -> bool:
    return bool(role_names(user) & DRAFT_READERS)


def can_read_reports(user) -> bool:
    return bool(role_names(user) & ISSUED_READERS)


def can_read(user, report: BoardReport) -> bool:
    return can_read_reports(user) if report.is_issued else can_read_drafts(user)


def require_can_read_reports(user) -> None:
    if not can_read_reports(user):
        raise PermissionDenied("Only officers, directors, clerks and administrators read reports.")


def require_can_read(user, report: BoardReport) -> None:
    if not can_read(user, report):
        raise PermissionDenied("Draft reports are read by directors, clerks and administrators.")


def require_can_write_reports(user) -> None:
    if not can_write_reports(user):
        raise PermissionDenied("Only clerks and administrators write and issue reports.")
