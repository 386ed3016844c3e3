from django import forms
from django.utils import timezone

from improvement.asat import date_in_range
from improvement.widgets import DATE_FORMATS, DateInput


class PublicationForm(forms.Form):
    published = forms.BooleanField(
        label="Publish this plan's approved position on its public page", required=False
    )
    show_names = forms.BooleanField(
        label="Show who leads each milestone (as the plan names them)", required=False
    )


class ApprovalForm(forms.Form):
    as_at = forms.DateField(
        label="Publish the position as at",
        help_text="For example 30/6/2006: usually the end of the reporting period. The figures "
        "are frozen as they stand now for that date; later changes are not published until "
        "you approve again.",
        input_formats=DATE_FORMATS,
        validators=[date_in_range],
        widget=DateInput(),
        error_messages={
            "required": "Enter the date whose position to publish",
            "invalid": "Enter a real date, for example 30/6/2006",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        help_text="For the record of approvals, for example the board meeting that agreed it.",
        max_length=300,
        required=False,
    )

    def clean_as_at(self):
        as_at = self.cleaned_data["as_at"]
        if as_at > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        return as_at


class WithdrawForm(forms.Form):
    approval = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why it is withdrawn",
        max_length=300,
        error_messages={"required": "Say why the approval is withdrawn"},
    )
