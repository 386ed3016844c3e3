"""What a plan shows the public: whether it is published at all, and the positions its
managers approved for publication, each frozen as it was approved."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from improvement.models import Plan


class Publication(models.Model):
    """A plan's publishing switch. Off by default: nothing about a plan is public until a
    plan manager turns this on and approves a position."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="publication")
    published = models.BooleanField(default=False)
    show_names = models.BooleanField(
        default=False,
        help_text="Show who leads each milestone (as the plan names them) on the public page.",
    )

    history = HistoricalRecords()

    def __str__(self):
        return f"Publishing of {self.plan}"


class ApprovalQuerySet(models.QuerySet):
    def live(self):
        return self.filter(withdrawn_at__isnull=True)


class Approval(models.Model):
    """A plan manager's approval of the position as at a date for publication.

    `position` holds every public figure as it stood when approved (see publishing.position),
    so that later updates, even ones dated before the approved date, never reach the public
    until someone approves again. An approval is never edited: it can only be withdrawn, and
    the withdrawal is recorded with who, when and why."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="approvals")
    as_at = models.DateField(help_text="The date whose position is published.")
    position = models.JSONField(editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publication_approvals",
    )
    approved_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publication_withdrawals",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    objects = ApprovalQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-approved_at", "-pk"]
        indexes = [models.Index(fields=["plan", "withdrawn_at", "-approved_at"])]

    def __str__(self):
        return f"{self.plan}: position as at {self.as_at:%d %b %Y}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def approver_name(self) -> str:
        return _name(self.approved_by, "the demo loader" if not self.approved_by_id else "")

    @property
    def withdrawer_name(self) -> str:
        return _name(self.withdrawn_by, "someone since removed")


def _name(user, missing: str) -> str:
    """Who did it, for the record: the account's full name, else its username."""
    if user is None:
        return missing
    return user.get_full_name() or user.username
