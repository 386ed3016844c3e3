from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django import forms
from django.db.models import Q
from django.utils.text import Truncator

from improvement.access import plan_people
from improvement.dates import parse_period
from improvement.models import Person
from indicators.models import PERIOD_HELP, Indicator, Measurement, period_error
from indicators.values import MAX_DECIMAL_PLACES, MAX_WHOLE_DIGITS, fits_storage, parse_number
from recommendations.models import Recommendation

VALUE_HELP = (
    "A number such as 75, 75% or 1,234, or words as written (such as New indicator): words are "
    "kept and shown, but not rated or charted."
)


class MeasurementForm(forms.Form):
    """A period's figures for one indicator: add new ones, or correct (``measurement``) those
    entered before. Values are kept as written; the period must be one that can be read."""

    period = forms.CharField(
        label="Period",
        max_length=40,
        help_text=PERIOD_HELP,
        error_messages={"required": "Enter the period the figures are for"},
    )
    actual = forms.CharField(label="Actual", max_length=200, required=False, help_text=VALUE_HELP)
    target = forms.CharField(label="Target", max_length=200, required=False)
    comparator = forms.CharField(
        label="Comparator (optional)",
        max_length=200,
        required=False,
        help_text="A figure to compare with, such as the England or statistical neighbour average.",
    )
    comparator_label = forms.CharField(
        label="What the comparator is (optional)",
        max_length=200,
        required=False,
        help_text="For example England average.",
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label="Why are these figures corrected?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded in the history with your name and the time.",
        error_messages={"required": "Say why the figures are corrected"},
    )

    def __init__(self, *args, indicator: Indicator, measurement: Measurement | None = None, **kw):
        if measurement is not None:
            kw.setdefault(
                "initial",
                {
                    name: getattr(measurement, name)
                    for name in (
                        "period",
                        "actual",
                        "target",
                        "comparator",
                        "comparator_label",
                        "note",
                    )
                },
            )
        super().__init__(*args, **kw)
        self.indicator = indicator
        self.measurement = measurement
        if measurement is None:
            del self.fields["reason"]
        else:
            self.fields["reason"].required = True

    def clean_period(self):
        text = self.cleaned_data["period"].strip()
        end = parse_period(text)
        if end is None:
            raise forms.ValidationError(period_error(text))
        others = self.indicator.measurements.filter(period_end=end)
        if self.measurement is not None:
            others = others.exclude(pk=self.measurement.pk)
        clash = others.first()
        if clash is not None:
            raise forms.ValidationError(
                f"There are already figures for {clash.period} (the period ending "
                f"{end:%-d %b %Y}): correct those instead"
            )
        return text

    def _value(self, name: str) -> str:
        text = self.cleaned_data[name].strip()
        number = parse_number(text)
        if number is not None and not fits_storage(number):
            raise forms.ValidationError(
                f"Enter a number with at most {MAX_WHOLE_DIGITS} digits before the decimal "
                f"point and {MAX_DECIMAL_PLACES} after it"
            )
        return text

    def clean_actual(self):
        return self._value("actual")

    def clean_target(self):
        return self._value("target")

    def clean_comparator(self):
        return self._value("comparator")

    def clean(self):
        data = super().clean()
        values = [data.get(name) for name in ("actual", "target", "comparator")]
        if not any(values) and not any(
            name in self.errors for name in ("actual", "target", "comparator")
        ):
            self.add_error("actual", "Enter an actual, a target or a comparator for the period")
        label = data.get("comparator_label", "").strip()
        if label and not data.get("comparator") and "comparator" not in self.errors:
            self.add_error("comparator", "Enter the comparator, or clear what it is")
        return data


POLARITIES = {"higher": True, "lower": False, "unknown": None}
TOLERANCE_RANGE = "Enter an amber tolerance from 0 to 100 (per cent of the target)"


class IndicatorSettingsForm(forms.Form):
    """How an indicator is set up, for the plan's managers: which way is better (or that it is
    not known: never guessed), the amber tolerance, the owner, the recommendations of the same
    plan it measures, the definition and the unit."""

    definition = forms.CharField(
        label="Definition",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the indicator measures, as the plan or the national set defines it.",
        error_messages={"required": "Enter the definition of the indicator"},
    )
    unit = forms.CharField(
        label="Unit (optional)",
        max_length=Indicator._meta.get_field("unit").max_length,
        required=False,
        help_text="For example %, rate per 10,000 or days.",
        error_messages={"max_length": "Enter a unit of no more than %(limit_value)d characters"},
    )
    polarity = forms.ChoiceField(
        label="Which way is better",
        choices=[
            ("higher", "Higher is better"),
            ("lower", "Lower is better"),
            ("unknown", "Not known"),
        ],
        widget=forms.RadioSelect,
        help_text="While it is not known, the indicator gets no RAG and no direction of travel: "
        "nothing is guessed.",
        error_messages={"required": "Choose which way is better, or that it is not known"},
    )
    amber_tolerance = forms.CharField(
        label="Amber tolerance",
        max_length=20,
        help_text="Short of the target by no more than this per cent of the target is amber, "
        "not red. Usually 5.",
        error_messages={
            "required": TOLERANCE_RANGE,
            "max_length": "Enter the amber tolerance as a number, such as 5",
        },
    )
    owner = forms.ModelChoiceField(
        label="Owner (optional)",
        queryset=Person.objects.order_by("name"),
        required=False,
        empty_label="No owner",
        help_text="Enters the figures each period, as the plan's managers may. They need an "
        "account to sign in.",
        error_messages={"invalid_choice": "Choose an owner from the list"},
    )
    recommendations = forms.ModelMultipleChoiceField(
        label="Recommendations it measures (optional)",
        queryset=Recommendation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Recommendations of this plan only.",
        error_messages={
            "invalid_choice": "Choose recommendations of this plan only",
            "invalid_pk_value": "Choose recommendations of this plan only",
        },
    )
    reason = forms.CharField(
        label="Why are you changing these settings? (optional)",
        max_length=100,
        required=False,
        help_text="Recorded in the history with your name and the time.",
        error_messages={"max_length": "Say why in no more than %(limit_value)d characters"},
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        polarity = {value: key for key, value in POLARITIES.items()}[indicator.higher_is_better]
        kwargs.setdefault(
            "initial",
            {
                "definition": indicator.definition,
                "unit": indicator.unit,
                "polarity": polarity,
                "amber_tolerance": f"{indicator.amber_tolerance.normalize():f}",
                "owner": indicator.owner_id,
                "recommendations": [rec.pk for rec in indicator.recommendations.all()],
            },
        )
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        # People who have left are not offered, but a current owner who has left stays
        # chosen until the plan manager hands their work over (else a save would drop them).
        self.fields["owner"].queryset = (
            plan_people(indicator.plan)
            .filter(Q(left_on__isnull=True) | Q(pk=indicator.owner_id))
            .order_by("name")
        )
        recommendations = self.fields["recommendations"]
        recommendations.queryset = indicator.plan.recommendations.order_by("ref_sort")
        recommendations.label_from_instance = lambda rec: (
            f"{rec.ref}: {Truncator(rec.text).words(16)}"
        )

    def clean_polarity(self):
        return POLARITIES[self.cleaned_data["polarity"]]

    def clean_amber_tolerance(self):
        text = self.cleaned_data["amber_tolerance"].strip().removesuffix("%").strip()
        try:
            tolerance = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(
                "Enter the amber tolerance as a number, such as 5"
            ) from None
        if not tolerance.is_finite() or not 0 <= tolerance <= 100:
            raise forms.ValidationError(TOLERANCE_RANGE)
        if tolerance != tolerance.quantize(Decimal("0.01"), rounding=ROUND_DOWN):
            raise forms.ValidationError("Enter the amber tolerance to at most 2 decimal places")
        return tolerance + 0  # never "-0"
