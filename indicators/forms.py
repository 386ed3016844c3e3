from django import forms

from improvement.dates import parse_period
from indicators.models import PERIOD_HELP, Indicator, Measurement, period_error
from indicators.values import MAX_DECIMAL_PLACES, MAX_WHOLE_DIGITS, fits_storage, parse_number

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
