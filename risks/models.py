"""Risks to a plan's delivery and the history of their reviews."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from improvement.models import Person, Plan
from improvement.refs import natural_sort_key
from risks import bands
from risks.querysets import RiskQuerySet

SCORE_FIELDS = ("likelihood", "severity", "residual_likelihood", "residual_severity")
PAIRS = (("likelihood", "severity"), ("residual_likelihood", "residual_severity"))


def score_errors(values: dict, scale: int) -> dict[str, str]:
    """Field-by-field errors for the four scores: whole numbers within the scale, given in
    pairs, and residual scores only for a risk with inherent ones."""
    errors = {}
    for name in SCORE_FIELDS:
        value = values.get(name)
        if value is not None and not bands.within_scale(value, scale):
            errors[name] = f"Enter a whole number from 1 to {scale}"
    for first, second in PAIRS:
        given = [values.get(first) is not None, values.get(second) is not None]
        if any(given) and not all(given):
            missing = second if given[0] else first
            errors.setdefault(
                missing, f"Enter the {missing.replace('_', ' ')} too, or neither score"
            )
    if values.get("likelihood") is None and values.get("residual_likelihood") is not None:
        errors.setdefault("likelihood", "Score the risk before mitigation as well")
    return errors


class Risk(models.Model):
    """A risk to the plan's delivery.

    The four scores are the assessment as first recorded (entered or imported); reviews record
    later ones. `Risk.objects.with_assessment(as_at)` gives the scores in force at a date, and
    their bands come from the plan's matrix (risks.bands), so they re-band when it changes.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="risks")
    ref = models.CharField(max_length=20)
    ref_sort = models.CharField(max_length=100, editable=False, db_index=True)
    description = models.TextField()
    likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    severity = models.PositiveSmallIntegerField(null=True, blank=True)
    mitigation = models.TextField(blank=True)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_risks"
    )
    residual_likelihood = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="After mitigation."
    )
    residual_severity = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="After mitigation."
    )
    contingency = models.TextField(blank=True)
    review_date = models.DateField(
        null=True, blank=True, help_text="When the risk is first due for review."
    )
    closed_on = models.DateField(null=True, blank=True, help_text="Empty while the risk is open.")
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation", blank=True, related_name="risks"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = RiskQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["ref_sort"])

    class Meta:
        ordering = ["plan_id", "ref_sort"]
        constraints = [models.UniqueConstraint(fields=["plan", "ref"], name="risk_ref_unique")]

    def __str__(self):
        return f"Risk {self.ref}"

    def save(self, *args, **kwargs):
        self.ref_sort = natural_sort_key(self.ref)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("risk_detail", kwargs={"slug": self.plan.slug, "ref": self.ref})

    def clean(self):
        if self.plan_id:
            values = {name: getattr(self, name) for name in SCORE_FIELDS}
            errors = score_errors(values, self.plan.risk_scale)
            if errors:
                raise ValidationError(errors)


class RiskReview(models.Model):
    """One review of a risk: the four scores it gave, with the bands they had when recorded.
    Append-only: a later change of matrix must not rewrite what a board was told."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    severity = models.PositiveSmallIntegerField(null=True, blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    residual_severity = models.PositiveSmallIntegerField(null=True, blank=True)
    band = models.CharField(max_length=40, blank=True, help_text="As banded when recorded.")
    residual_band = models.CharField(
        max_length=40, blank=True, help_text="As banded when recorded."
    )
    next_review_on = models.DateField(null=True, blank=True)
    closed = models.BooleanField(default=False, help_text="The review closed the risk.")
    note = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="risk_reviews",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["risk", "-reviewed_on", "-created", "-pk"]
        indexes = [models.Index(fields=["risk", "reviewed_on"], name="riskreview_date_idx")]

    def __str__(self):
        return f"{self.risk}: reviewed {self.reviewed_on:%d %b %Y}"

    def save(self, *args, **kwargs):
        # Append-only: the history a report quoted must never change under it.
        if not self._state.adding:
            raise ValidationError("A risk review cannot be changed once recorded.")
        super().save(*args, **kwargs)

    @property
    def score(self) -> int | None:
        return bands.score(self.likelihood, self.severity)

    @property
    def residual_score(self) -> int | None:
        return bands.score(self.residual_likelihood, self.residual_severity)
