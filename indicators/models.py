"""Performance indicators (PIs) of a plan and their figures, period by period."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from improvement.dates import parse_period
from improvement.models import Person, Plan
from improvement.refs import natural_sort_key
from indicators.querysets import IndicatorQuerySet
from indicators.rag import DEFAULT_TOLERANCE
from indicators.values import MAX_DECIMAL_PLACES, MAX_WHOLE_DIGITS, parse_number
from recommendations.models import Recommendation

PERIOD_HELP = (
    "As your reports write it, for example March 06, 2008/09, Q1 2009/10, Jun 2022 or 2022-06-30."
)
POLARITY_CHOICES = [(True, "Higher is better"), (False, "Lower is better")]


def _number_field(help_text: str):
    return models.DecimalField(
        max_digits=MAX_WHOLE_DIGITS + MAX_DECIMAL_PLACES,
        decimal_places=MAX_DECIMAL_PLACES,
        null=True,
        blank=True,
        editable=False,
        help_text=help_text,
    )


class Indicator(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    ref = models.CharField(max_length=40, help_text='As printed, spaces and all: "CF/ C64".')
    ref_sort = models.CharField(max_length=100, editable=False)
    definition = models.TextField()
    unit = models.CharField(max_length=60, blank=True, help_text='"%", "rate per 10,000", ...')
    higher_is_better = models.BooleanField(
        null=True,
        blank=True,
        choices=POLARITY_CHOICES,
        help_text="Unknown (empty) means no RAG and no direction of travel until it is set.",
    )
    amber_tolerance = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_TOLERANCE,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text="Amber, not red, when short of the target by no more than this per cent of it.",
    )
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
        help_text="Enters the figures (as do the plan's managers).",
    )
    recommendations = models.ManyToManyField(
        Recommendation, through="IndicatorRecommendation", related_name="indicators", blank=True
    )
    order = models.PositiveIntegerField(default=0, help_text="Position in the source document.")

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["ref_sort"])

    class Meta:
        ordering = ["plan_id", "order", "ref_sort"]
        constraints = [models.UniqueConstraint(fields=["plan", "ref"], name="indicator_ref_unique")]

    def __str__(self):
        return self.ref

    def save(self, *args, **kwargs):
        # The sort key is derived from ref, as for recommendations: "CH 01" before "CH 141".
        self.ref_sort = natural_sort_key(self.ref)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("indicator_detail", kwargs={"slug": self.plan.slug, "ref": self.ref})

    @property
    def polarity_label(self) -> str:
        return dict(POLARITY_CHOICES).get(self.higher_is_better, "Not known")


class IndicatorRecommendation(models.Model):
    """The recommendations whose progress an indicator measures."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="recommendation_links"
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="indicator_links"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "recommendation__ref_sort"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "recommendation"], name="indicator_recommendation_unique"
            )
        ]

    def __str__(self):
        return f"{self.indicator.ref} measures recommendation {self.recommendation.ref}"

    def clean(self):
        if (
            self.indicator_id
            and self.recommendation_id
            and self.indicator.plan_id != self.recommendation.plan_id
        ):
            raise ValidationError({"recommendation": "Choose a recommendation of the same plan."})


class Measurement(models.Model):
    """One period's figures for an indicator, each kept as written. A figure that is a plain
    number ("75%", "1,234") also has its number; words ("New indicator") have none."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period = models.CharField(max_length=40, help_text=PERIOD_HELP)
    period_end = models.DateField(editable=False, help_text="Read from the period.")
    actual = models.CharField(max_length=200, blank=True, help_text="As written.")
    actual_number = _number_field("Read from the actual; empty when it is words.")
    target = models.CharField(max_length=200, blank=True, help_text="As written.")
    target_number = _number_field("Read from the target; empty when it is words.")
    comparator = models.CharField(
        max_length=200, blank=True, help_text="As written, e.g. the England average."
    )
    comparator_number = _number_field("Read from the comparator; empty when it is words.")
    comparator_label = models.CharField(
        max_length=200, blank=True, help_text='What the comparator is, e.g. "England average".'
    )
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator_id", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_end"], name="measurement_period_unique"
            )
        ]

    def __str__(self):
        return f"{self.indicator.ref}, {self.period}"

    def save(self, *args, **kwargs):
        # The numbers are derived from the text as written, as ref_sort is from ref, so that
        # no edit (form, admin or import) can leave the two disagreeing.
        self.actual_number = parse_number(self.actual)
        self.target_number = parse_number(self.target)
        self.comparator_number = parse_number(self.comparator)
        super().save(*args, **kwargs)

    def clean(self):
        end = parse_period(self.period)
        if end is None:
            raise ValidationError({"period": period_error(self.period)})
        self.period_end = end


def period_error(text: str) -> str:
    return (
        f"Enter one period, not “{text.strip()}”: for example March 06, 2008/09, Q1 2009/10, "
        "Jun 2022 or 2022-06-30"
    )
