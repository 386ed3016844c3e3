"""Writes that touch several rows: recording a status update."""

from datetime import date

from django.db import transaction
from django.db.models import F

from improvement.status import Status
from recommendations.models import Milestone, StatusUpdate


class StaleVersion(Exception):
    """Someone else saved the milestone since the form was opened."""

    def __init__(self, milestone: Milestone):
        super().__init__(f"Milestone {milestone.pk} has changed (now version {milestone.version})")
        self.milestone = milestone


@transaction.atomic
def record_status_update(
    milestone: Milestone,
    *,
    status: Status,
    as_at: date,
    comment: str = "",
    evidence: str = "",
    author=None,
    expected_version: int | None = None,
) -> StatusUpdate:
    """Append a status update and bring the milestone's current status and version up to date.

    With `expected_version`, the save is refused (StaleVersion) when the milestone's version has
    moved on, so two people's updates can never silently overwrite each other.
    """
    rows = Milestone.objects.filter(pk=milestone.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    # One conditional UPDATE: the row lock it takes serialises concurrent saves on every database.
    if not rows.update(version=F("version") + 1):
        milestone.refresh_from_db()
        raise StaleVersion(milestone)
    update = StatusUpdate.objects.create(
        milestone=milestone,
        status=status,
        as_at=as_at,
        comment=comment,
        evidence=evidence,
        author=author,
    )
    latest = milestone.updates.order_by("-as_at", "-created", "-pk").first()
    Milestone.objects.filter(pk=milestone.pk).update(
        status=latest.status, status_as_at=latest.as_at
    )
    milestone.refresh_from_db(fields=["status", "status_as_at", "version"])
    return update
