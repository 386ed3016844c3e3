"""The "as at" date every figure honours, read from ?as_at=YYYY-MM-DD."""

from datetime import date

from django import forms
from django.utils import timezone


class AsAtForm(forms.Form):
    as_at = forms.DateField(
        label="As at",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}
        ),
        error_messages={"invalid": "Enter a real date, for example 30/06/2006"},
    )


def as_at_from(request) -> tuple[date, AsAtForm]:
    """The requested as-at date (today when none or invalid) and the bound form for the page."""
    form = AsAtForm(request.GET or None)
    today = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data["as_at"]:
        return form.cleaned_data["as_at"], form
    return today, form
