"""Recommendations, their outcomes and action milestones, and the status history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from improvement import status as rag
from improvement.models import Person, Plan, Theme
from improvement.refs import natural_sort_key
from recommendations.querysets import MilestoneQuerySet, RecommendationQuerySet

# How much of a recommendation's wording names it where it has no title.
LABEL_CHARS = 60


def closure_note(closed_on, reason: str) -> str:
    if not closed_on:
        return ""
    return f"Closed: {reason}, {closed_on:%-d %b %Y}" if reason else f"Closed {closed_on:%-d %b %Y}"


class Recommendation(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recommendations")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="recommendations")
    ref = models.CharField(max_length=20)
    ref_sort = models.CharField(max_length=100, editable=False, db_index=True)
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text='A short name beside the number, e.g. "Safeguarding audits".',
    )
    text = models.TextField("wording")
    timescale = models.CharField(max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0, help_text="Position in the source document.")
    added_on = models.DateField(
        null=True,
        blank=True,
        help_text="Added in the app on this date, it counts in figures from then; imported "
        "ones count at every date.",
    )
    closed_on = models.DateField(
        null=True,
        blank=True,
        help_text="From this date the recommendation and its milestones leave every figure.",
    )
    closed_reason = models.CharField(max_length=300, blank=True)

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["ref_sort"])

    class Meta:
        ordering = ["plan", "ref_sort"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "ref"], name="recommendation_ref_unique")
        ]

    def __str__(self):
        return f"Recommendation {self.ref}"

    def save(self, *args, **kwargs):
        # The sort key is derived from ref; keeping it on the row lets every query order by it.
        self.ref_sort = natural_sort_key(self.ref)
        super().save(*args, **kwargs)

    @property
    def closure(self) -> str:
        return closure_note(self.closed_on, self.closed_reason)

    def clean(self):
        if self.theme_id and self.plan_id and self.theme.plan_id != self.plan_id:
            raise ValidationError({"theme": "Choose a theme of the same plan."})

    @property
    def short_title(self) -> str:
        """The recommendation's title where it has one, else its wording shortened."""
        title = self.title.strip()
        if title:
            return title
        wording = " ".join(self.text.split())
        if len(wording) <= LABEL_CHARS:
            return wording
        # Cut at a word, not inside one ("involvemen…").
        return wording[: LABEL_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"

    @property
    def label(self) -> str:
        """Where a number alone would be shown: "4 — Safeguarding audits are…"."""
        return f"{self.ref} — {self.short_title}" if self.short_title else self.ref

    @property
    def full_label(self) -> str:
        """Where the recommendation is a heading: "Recommendation 4 — Safeguarding audits"."""
        return f"{self} — {self.short_title}" if self.short_title else str(self)


class Outcome(models.Model):
    """What good looks like: an outcome spans one or more milestones of a recommendation."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="outcomes"
    )
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "order"]

    def __str__(self):
        return self.text[:80]


class Milestone(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="milestones"
    )
    outcome = models.ForeignKey(
        Outcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="milestones"
    )
    ref = models.CharField(
        max_length=20, help_text='Unique within the recommendation; a repeated "2" becomes "2-2".'
    )
    ref_sort = models.CharField(max_length=100, editable=False)
    order = models.PositiveIntegerField(default=0, help_text="Position in the source document.")
    text = models.TextField()
    success_criteria = models.TextField(blank=True)
    leads = models.ManyToManyField(Person, through="MilestoneLead", related_name="milestones")
    due_text = models.CharField(max_length=200, blank=True, help_text="As written in the plan.")
    due_date = models.DateField(null=True, blank=True, help_text="Parsed from the text.")
    starts_on = models.DateField(null=True, blank=True, help_text='From "From April 2009".')
    revised_due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20,
        choices=rag.CHOICES,
        default=rag.Status.NOT_STARTED,
        help_text="The latest reported status (from the status history).",
    )
    status_as_at = models.DateField(null=True, blank=True)
    awaiting_sign_off = models.BooleanField(
        default=False, help_text="Reported complete; a plan manager has not yet confirmed it."
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Raised by every status update, so two saves cannot overwrite."
    )
    added_on = models.DateField(
        null=True,
        blank=True,
        help_text="Added in the app on this date, it counts in figures from then; imported "
        "ones count at every date.",
    )
    closed_on = models.DateField(
        null=True, blank=True, help_text="From this date the milestone leaves every figure."
    )
    closed_reason = models.CharField(max_length=300, blank=True)

    objects = MilestoneQuerySet.as_manager()
    # Who changed the milestone's own fields, and when; status has its own history.
    history = HistoricalRecords(
        excluded_fields=["ref_sort", "status", "status_as_at", "awaiting_sign_off", "version"]
    )

    class Meta:
        # By the key, not the relation: ordering by "recommendation" would join its table.
        ordering = ["recommendation_id", "order", "ref_sort"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "ref"], name="milestone_ref_unique")
        ]

    def __str__(self):
        return f"{self.recommendation.ref}.{self.ref}"

    def save(self, *args, **kwargs):
        self.ref_sort = natural_sort_key(self.ref)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "milestone_detail",
            kwargs={"slug": self.recommendation.plan.slug, "pk": self.pk},
        )

    @property
    def status_enum(self) -> rag.Status:
        return rag.Status(self.status)

    @property
    def slippage_days(self) -> int | None:
        """How many days later than first planned the milestone is due (as at the loaded
        date, see effective_due_date)."""
        due = self.effective_due_date
        if due and self.due_date and due != self.due_date:
            return (due - self.due_date).days
        return None

    @property
    def closed_from(self):
        """The date the milestone leaves the figures: its own closing date or its
        recommendation's, the earlier."""
        return rag.closed_from(self.closed_on, self.recommendation.closed_on)

    @property
    def closure(self) -> str:
        """ "Closed: superseded, 12 Mar 2026" (or the recommendation's closing), else ""."""
        own = closure_note(self.closed_on, self.closed_reason)
        rec = self.recommendation
        if rec.closed_on and (not self.closed_on or rec.closed_on < self.closed_on):
            return f"{closure_note(rec.closed_on, rec.closed_reason)} (with its recommendation)"
        return own

    @property
    def full_ref(self) -> str:
        return f"{self.recommendation.ref}.{self.ref}"

    @property
    def lead_people(self) -> list[Person]:
        """The leads in plan order (prefetched by MilestoneQuerySet.with_related())."""
        return [link.person for link in self.lead_links.all()]

    @property
    def effective_due_date(self):
        """The date the milestone is judged against: the revised one where there is one.

        Loaded through MilestoneQuerySet.with_status_as_at(), it is the revision in force at
        that date; otherwise the latest revision.
        """
        if hasattr(self, "revised_due_as_at"):
            return self.revised_due_as_at or self.due_date
        return self.revised_due_date or self.due_date


class MilestoneLead(models.Model):
    """Leads in the order the plan names them: the first is the lead of leads."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="lead_links")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="lead_links")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["milestone", "order"]
        constraints = [
            models.UniqueConstraint(fields=["milestone", "person"], name="milestone_lead_unique")
        ]

    def __str__(self):
        return f"{self.person.short_name} on {self.milestone}"


class SignOff(models.TextChoices):
    REQUESTED = "requested", "Complete, awaiting sign-off"
    CONFIRMED = "confirmed", "Completion signed off"
    RETURNED = "returned", "Completion returned"


class StatusUpdate(models.Model):
    """One report of a milestone's status. Append-only: history is never rewritten."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=rag.CHOICES)
    comment = models.TextField(blank=True)
    evidence = models.TextField(blank=True, help_text="A note or a link.")
    evidence_file = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    evidence_file_name = models.CharField(
        max_length=255, blank=True, help_text="The name of the file as uploaded."
    )
    as_at = models.DateField(help_text="The date the status describes.")
    revised_due_date = models.DateField(null=True, blank=True)
    revision_reason = models.TextField(blank=True)
    sign_off = models.CharField(max_length=10, choices=SignOff.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="status_updates",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["milestone", "-as_at", "-created", "-pk"]
        # The latest update as at a date (querysets.latest_updates_as_at) reads in this order.
        indexes = [
            models.Index(
                fields=["milestone", "-as_at", "-created", "-id"], name="statusupdate_latest_idx"
            ),
            # A plan's latest few updates (the dashboard): read backwards from the newest
            # rather than sorting the plan's whole history (55-100 ms at 20,000 updates).
            models.Index(fields=["-as_at", "-created", "-id"], name="statusupdate_recent_idx"),
        ]

    def __str__(self):
        return f"{self.milestone}: {self.get_status_display()} as at {self.as_at:%d %b %Y}"

    def save(self, *args, **kwargs):
        # Append-only: the history a report quoted must never change under it.
        if not self._state.adding:
            raise ValidationError("A status update cannot be changed once recorded.")
        super().save(*args, **kwargs)

    @property
    def status_enum(self) -> rag.Status:
        return rag.Status(self.status)
