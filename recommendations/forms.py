from django import forms
from django.utils import timezone

from improvement.asat import date_in_range
from improvement.evidence import validate_evidence_file
from improvement.status import Status
from improvement.widgets import DATE_FORMATS, DateInput


class StatusUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[(s.value, s.label) for s in Status],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the milestone's status"},
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What has happened since the last update. Required for Behind and Off track.",
    )
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A note or a link to where the evidence is kept. Required for Complete, "
        "unless you attach a file.",
    )
    evidence_file = forms.FileField(
        label="Evidence file (optional)",
        required=False,
        help_text="A PDF, Word, Excel, PNG or JPEG file of up to 10 MB.",
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"}),
    )
    as_at = forms.DateField(
        label="Status as at",
        input_formats=DATE_FORMATS,
        validators=[date_in_range],
        widget=DateInput(),
        help_text="The date this status describes; today unless you are catching up.",
        error_messages={
            "required": "Enter the date this status describes",
            "invalid": "Enter a real date, for example 30/06/2026",
        },
    )
    revised_due_date = forms.DateField(
        label="Revised due date (optional)",
        required=False,
        input_formats=DATE_FORMATS,
        validators=[date_in_range],
        widget=DateInput(),
        help_text="Only if the milestone will finish on a new date. The original due date is kept.",
        error_messages={"invalid": "Enter the revised due date as a real date"},
    )
    revision_reason = forms.CharField(
        label="Reason for the new due date",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, milestone, **kwargs):
        super().__init__(*args, **kwargs)
        self.milestone = milestone
        self.plan = milestone.recommendation.plan

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            validate_evidence_file(upload)
        return upload

    def clean_as_at(self):
        as_at = self.cleaned_data["as_at"]
        if as_at > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future")
        if self.plan.starts_on and as_at < self.plan.starts_on:
            raise forms.ValidationError(
                f"The date cannot be before the plan starts ({self.plan.starts_on:%-d %b %Y})"
            )
        return as_at

    def clean(self):
        data = super().clean()
        status = data.get("status")
        if status in (Status.BEHIND, Status.OFF_TRACK) and not data.get("comment", "").strip():
            self.add_error("comment", f"Say why the milestone is {Status(status).label.lower()}")
        if (
            status == Status.COMPLETE
            and not data.get("evidence", "").strip()
            and not data.get("evidence_file")
            and "evidence_file" not in self.errors
        ):
            self.add_error("evidence", "Give the evidence that the milestone is complete")
        revised, reason = data.get("revised_due_date"), data.get("revision_reason", "").strip()
        as_at = data.get("as_at")
        if revised and as_at and revised < as_at:
            self.add_error(
                "revised_due_date",
                f"The new due date cannot be before the date of this update ({as_at:%-d %b %Y})",
            )
        if revised and not reason:
            self.add_error("revision_reason", "Give the reason for the new due date")
        if reason and not revised and "revised_due_date" not in self.errors:
            self.add_error("revised_due_date", "Enter the new due date, or clear the reason")
        return data


class SignOffForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("confirm", "Confirm it is complete"), ("return", "Return it to the lead")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to confirm or return the completion"},
    )
    reason = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you return it: say what is missing.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("reason", "").strip():
            self.add_error("reason", "Say why the completion is returned")
        return data


class MyMilestonesFilterForm(forms.Form):
    plan = forms.ChoiceField(label="Plan", required=False)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status")] + [(s.value, s.label) for s in Status],
    )
    due_within = forms.IntegerField(
        label="Due within (days)",
        required=False,
        min_value=0,
        max_value=3650,
        error_messages={"invalid": "Enter a whole number of days"},
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)
    stale = forms.BooleanField(label="Not updated this cycle", required=False)

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "All plans")] + [(p.slug, p.title) for p in plans]
