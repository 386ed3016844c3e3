"""Writes: the publishing switch, approvals and withdrawals, each recorded with who and when."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from improvement.models import Plan
from publishing.models import Approval, Publication
from publishing.position import build_position


def publication_of(plan: Plan) -> Publication:
    """The plan's switch; a plan nobody has set up is unpublished."""
    return Publication.objects.filter(plan=plan).first() or Publication(plan=plan)


def set_publication(plan: Plan, *, published: bool, show_names: bool, user) -> bool:
    """Turn publishing on or off and allow or hide leads' names; returns whether anything
    changed (and only then is a history row written, naming ``user``)."""
    publication = publication_of(plan)
    if publication.pk and (publication.published, publication.show_names) == (
        published,
        show_names,
    ):
        return False
    publication.published, publication.show_names = published, show_names
    publication._history_user = user
    publication.save()
    return True


@transaction.atomic
def approve(plan: Plan, as_at: date, *, user, note: str = "") -> Approval:
    """Freeze the position as at the date and make it the one the public sees."""
    return Approval.objects.create(
        plan=plan,
        as_at=as_at,
        position=build_position(plan, as_at),
        approved_by=user,
        note=note.strip(),
    )


def withdraw(approval: Approval, *, user, reason: str) -> bool:
    """Take an approval back; the public then sees the previous live approval, or nothing.
    Returns False when it was withdrawn already (by someone else, say)."""
    changed = Approval.objects.filter(pk=approval.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), withdrawn_by=user, withdrawn_reason=reason.strip()
    )
    return bool(changed)


def current_approval(plan: Plan) -> Approval | None:
    """The approval the public sees: the latest one not withdrawn."""
    return Approval.objects.live().filter(plan=plan).order_by("-approved_at", "-pk").first()
