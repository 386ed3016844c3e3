from django import forms
from django.utils import timezone

from improvement.asat import date_in_range
from improvement.models import Plan
from improvement.widgets import DATE_FORMATS, DateInput
from risks import bands
from risks.models import Risk, score_errors

SCORE_NAMES = {
    "likelihood": "likelihood",
    "severity": "severity",
    "residual_likelihood": "likelihood after mitigation",
    "residual_severity": "severity after mitigation",
}


def score_field(label: str, name: str, required: bool) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        error_messages={
            "required": f"Enter the {name}",
            "invalid": f"Enter the {name} as a whole number",
        },
    )


class RiskReviewForm(forms.Form):
    reviewed_on = forms.DateField(
        label="Date of the review",
        input_formats=DATE_FORMATS,
        validators=[date_in_range],
        widget=DateInput(),
        error_messages={
            "required": "Enter the date of the review",
            "invalid": "Enter a real date, for example 30/06/2026",
        },
    )
    likelihood = score_field("Likelihood", "likelihood", required=True)
    severity = score_field("Severity", "severity", required=True)
    residual_likelihood = score_field(
        "Likelihood after mitigation (optional)", SCORE_NAMES["residual_likelihood"], False
    )
    residual_severity = score_field(
        "Severity after mitigation (optional)", SCORE_NAMES["residual_severity"], False
    )
    note = forms.CharField(
        label="What the review found",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what the review found"},
    )
    next_review_on = forms.DateField(
        label="Next review by",
        required=False,
        input_formats=DATE_FORMATS,
        validators=[date_in_range],
        widget=DateInput(),
        help_text="Required unless the review closes the risk.",
        error_messages={"invalid": "Enter the next review date as a real date"},
    )
    close = forms.BooleanField(
        label="Close the risk: it no longer threatens the plan", required=False
    )

    def __init__(self, *args, risk: Risk, **kwargs):
        super().__init__(*args, **kwargs)
        self.risk = risk
        self.plan = risk.plan
        scale = self.plan.risk_scale
        self.fields["likelihood"].help_text = f"From 1 (least likely) to {scale} (most likely)."
        self.fields["severity"].help_text = f"From 1 (least harm) to {scale} (most harm)."
        for name in ("likelihood", "severity"):
            self.fields[
                f"residual_{name}"
            ].help_text = f"The {name} once the mitigation works, from 1 to {scale}."

    def clean_reviewed_on(self):
        reviewed_on = self.cleaned_data["reviewed_on"]
        if reviewed_on > timezone.localdate():
            raise forms.ValidationError("The date of the review cannot be in the future")
        return reviewed_on

    def clean(self):
        data = super().clean()
        values = {name: data.get(name) for name in SCORE_NAMES}
        for name, message in score_errors(values, self.plan.risk_scale).items():
            if name not in self.errors:
                self.add_error(name, self._score_message(name, message))
        reviewed_on, next_review_on = data.get("reviewed_on"), data.get("next_review_on")
        if not data.get("close") and not next_review_on and "next_review_on" not in self.errors:
            self.add_error("next_review_on", "Enter the date of the next review")
        if reviewed_on and next_review_on and next_review_on <= reviewed_on:
            self.add_error(
                "next_review_on",
                f"The next review must be after this one ({reviewed_on:%-d %b %Y})",
            )
        return data

    def _score_message(self, name: str, message: str) -> str:
        if message.startswith("Enter a whole number"):
            scale = self.plan.risk_scale
            return f"Enter the {SCORE_NAMES[name]} as a whole number from 1 to {scale}"
        return message

    @property
    def residual_above_inherent(self) -> bool:
        data = self.cleaned_data
        return bands.residual_above_inherent(
            bands.score(data.get("likelihood"), data.get("severity")),
            bands.score(data.get("residual_likelihood"), data.get("residual_severity")),
        )


class RiskMatrixForm(forms.Form):
    """The plan's scale and up to five bands, lowest first; rows left empty are ignored."""

    scale = forms.TypedChoiceField(
        label="Scale",
        choices=[(4, "4 x 4: likelihood and severity from 1 to 4"), (5, "5 x 5: from 1 to 5")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the scale"},
    )

    def __init__(self, *args, plan: Plan, in_use_check=None, **kwargs):
        initial = {"scale": plan.risk_scale}
        for number, entry in enumerate(plan.risk_bands, start=1):
            initial[f"band_{number}_name"] = entry["name"]
            initial[f"band_{number}_max"] = entry["max"]
        super().__init__(*args, initial={**initial, **kwargs.pop("initial", {})}, **kwargs)
        self.plan = plan
        # Told which risks would fall off a smaller scale (a query, so the view passes it).
        self.in_use_check = in_use_check
        for number in range(1, bands.MAX_BANDS + 1):
            self.fields[f"band_{number}_name"] = forms.CharField(
                label=f"Name of band {number}", required=False, max_length=40
            )
            self.fields[f"band_{number}_max"] = forms.IntegerField(
                label=f"Highest score in band {number}",
                required=False,
                min_value=1,
                error_messages={
                    "invalid": f"Enter the highest score in band {number} as a whole number",
                    "min_value": "The highest score must be 1 or more",
                },
            )

    def band_rows(self):
        """(number, name field, max field) for the template."""
        return [
            (n, self[f"band_{n}_name"], self[f"band_{n}_max"])
            for n in range(1, bands.MAX_BANDS + 1)
        ]

    def clean(self):
        data = super().clean()
        rows = []
        for number in range(1, bands.MAX_BANDS + 1):
            name_key, max_key = f"band_{number}_name", f"band_{number}_max"
            if name_key in self.errors or max_key in self.errors:
                return data
            name, upper = (data.get(name_key) or "").strip(), data.get(max_key)
            if name or upper is not None:
                rows.append((number, {"name": name, "max": upper}))
        scale = data.get("scale")
        if scale is None:
            return data
        for error in bands.matrix_errors(scale, [entry for _, entry in rows]):
            if error.index is None:
                self.add_error(None, error.message)
            else:
                number = rows[error.index][0]
                self.add_error(f"band_{number}_{error.field or 'name'}", error.message)
        if not self.errors and self.in_use_check and scale < self.plan.risk_scale:
            refs = self.in_use_check(scale)
            if refs:
                self.add_error(
                    "scale",
                    f"{'Risks' if len(refs) > 1 else 'Risk'} {', '.join(refs)} "
                    f"{'have' if len(refs) > 1 else 'has'} scores above {scale}: "
                    "keep the larger scale",
                )
        data["bands"] = [entry for _, entry in rows]
        return data
