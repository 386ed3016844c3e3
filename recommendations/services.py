"""Writes that touch several rows: status updates and completion sign-off."""

from datetime import date

from django.db import transaction
from django.db.models import F

from improvement.status import Status
from recommendations.models import Milestone, SignOff, StatusUpdate


class StaleVersion(Exception):
    """Someone else saved the milestone since the form was opened."""

    def __init__(self, milestone: Milestone):
        super().__init__(f"Milestone {milestone.pk} has changed (now version {milestone.version})")
        self.milestone = milestone

    @property
    def latest_update(self) -> StatusUpdate | None:
        return self.milestone.updates.select_related("author").order_by("-created", "-pk").first()


@transaction.atomic
def record_status_update(
    milestone: Milestone,
    *,
    status: Status,
    as_at: date,
    comment: str = "",
    evidence: str = "",
    evidence_file=None,
    revised_due_date: date | None = None,
    revision_reason: str = "",
    author=None,
    expected_version: int | None = None,
    sign_off: str = "",
) -> StatusUpdate:
    """Append a status update and bring the milestone's current status and version up to date.

    With `expected_version`, the save is refused (StaleVersion) when the milestone's version has
    moved on, so two people's updates can never silently overwrite each other. A Complete on a
    plan that asks for sign-off is recorded as a request, unless `sign_off` says otherwise.
    """
    claim_version(milestone, expected_version)
    plan = milestone.recommendation.plan
    if status == Status.COMPLETE and not sign_off and plan.completion_sign_off:
        sign_off = SignOff.REQUESTED
    update = StatusUpdate(
        milestone=milestone,
        status=status,
        as_at=as_at,
        comment=comment,
        evidence=evidence,
        author=author,
        revised_due_date=revised_due_date,
        revision_reason=revision_reason if revised_due_date else "",
        sign_off=sign_off,
    )
    if evidence_file:
        update.evidence_file_name = evidence_file.name[:255]
        update.evidence_file = evidence_file
    update.save()
    if revised_due_date and revised_due_date != milestone.revised_due_date:
        _revise_due_date(milestone, revised_due_date, revision_reason, author)
    _refresh_current_status(milestone)
    return update


def claim_version(milestone: Milestone, expected_version: int | None) -> None:
    """Raise the milestone's version, refused (StaleVersion) when it is not `expected_version`."""
    rows = Milestone.objects.filter(pk=milestone.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    # One conditional UPDATE: the row lock it takes serialises concurrent saves on every database.
    if not rows.update(version=F("version") + 1):
        milestone.refresh_from_db()
        raise StaleVersion(milestone)


def _revise_due_date(milestone: Milestone, revised: date, reason: str, author) -> None:
    milestone.refresh_from_db()
    milestone.revised_due_date = revised
    # simple-history reads these to record who changed the milestone and why.
    milestone._history_user = author
    milestone._change_reason = reason
    milestone.save(update_fields=["revised_due_date"])


def _refresh_current_status(milestone: Milestone) -> None:
    latest = milestone.updates.order_by("-as_at", "-created", "-pk").first()
    Milestone.objects.filter(pk=milestone.pk).update(
        status=latest.status,
        status_as_at=latest.as_at,
        awaiting_sign_off=latest.sign_off == SignOff.REQUESTED,
    )
    milestone.refresh_from_db(fields=["status", "status_as_at", "awaiting_sign_off", "version"])


def decide_sign_off(
    milestone: Milestone,
    *,
    confirm: bool,
    as_at: date,
    author,
    reason: str = "",
    return_to: Status | None = None,
    expected_version: int | None = None,
) -> StatusUpdate:
    """A plan manager confirms a requested completion, or returns it with a reason; a
    returned milestone goes back to the status its lead reported before asking."""
    if confirm:
        return record_status_update(
            milestone,
            status=Status.COMPLETE,
            as_at=as_at,
            comment=reason or "Completion signed off.",
            author=author,
            expected_version=expected_version,
            sign_off=SignOff.CONFIRMED,
        )
    return record_status_update(
        milestone,
        status=return_to or status_before_request(milestone),
        as_at=as_at,
        comment=reason,
        author=author,
        expected_version=expected_version,
        sign_off=SignOff.RETURNED,
    )


def status_before_request(milestone: Milestone) -> Status:
    """The last status other than Complete reported before the pending completion request."""
    earlier = (
        milestone.updates.exclude(status=Status.COMPLETE)
        .order_by("-as_at", "-created", "-pk")
        .values_list("status", flat=True)
        .first()
    )
    return Status(earlier) if earlier else Status.ON_TRACK
