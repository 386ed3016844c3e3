"""Forms of a plan's structure pages: themes, recommendations, outcomes and milestones, their
closing, and a milestone's due-date revision."""

from django import forms
from django.utils import timezone

from improvement.access import plan_people
from improvement.asat import date_in_range
from improvement.dates import parse_due
from improvement.models import Theme
from improvement.widgets import DATE_FORMATS, DateInput
from recommendations.models import Milestone, Outcome, Recommendation

DATE_ERRORS = {"invalid": "Enter a real date, for example 31/03/2026"}


class LastChangeMixin(forms.Form):
    """The newest history record the form was opened on, so that a save over someone else's
    change is refused rather than made (the models without a version field)."""

    last_change = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ThemeForm(LastChangeMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "code"]
        labels = {"name": "Name", "code": "Code (optional)"}
        help_texts = {"code": 'A short code the plan uses, such as "LG".'}
        error_messages = {"name": {"required": "Enter the theme's name"}}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Theme.objects.filter(plan=self.plan, name__iexact=name).exclude(
            pk=self.instance.pk
        )
        if others.exists():
            raise forms.ValidationError("The plan already has a theme of this name")
        return name


class RecommendationForm(LastChangeMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["theme", "ref", "title", "text", "timescale"]
        labels = {
            "theme": "Theme",
            "ref": "Number",
            "title": "Title (optional)",
            "text": "Wording",
            "timescale": "Timescale (optional)",
        }
        help_texts = {
            "ref": 'As the plan numbers it, such as "4" or "4a". Recommendations are listed in '
            "this order.",
            "title": 'A short name shown beside the number, such as "Safeguarding audits".',
            "text": "The recommendation as the inspection report or the board worded it.",
            "timescale": 'As written, such as "Within 6 months".',
        }
        error_messages = {
            "theme": {"required": "Choose the theme"},
            "ref": {"required": "Enter the recommendation's number"},
            "text": {"required": "Enter the recommendation's wording"},
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        self.fields["theme"].queryset = Theme.objects.filter(plan=plan)
        self.fields["theme"].empty_label = "Choose a theme"

    def clean_ref(self):
        ref = self.cleaned_data["ref"].strip()
        others = Recommendation.objects.filter(plan=self.plan, ref__iexact=ref)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"The plan already has a recommendation {ref}")
        return ref


class OutcomeForm(LastChangeMixin, forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["recommendation", "text"]
        labels = {"recommendation": "Recommendation", "text": "What good looks like"}
        error_messages = {
            "recommendation": {"required": "Choose the recommendation"},
            "text": {"required": "Enter the outcome"},
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].queryset = recommendations_of(plan)
        self.fields["recommendation"].empty_label = "Choose a recommendation"
        self.fields["recommendation"].label_from_instance = lambda rec: rec.full_label


def recommendations_of(plan):
    return Recommendation.objects.filter(plan=plan).order_by("ref_sort")


class MilestoneFieldsForm(forms.ModelForm):
    """What adding and editing a milestone share: its words, outcome and leads."""

    leads = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Leads (optional)",
        help_text="Leads already named keep their order; new ones are listed after them.",
    )

    class Meta:
        model = Milestone
        fields = ["ref", "text", "success_criteria", "outcome"]
        labels = {
            "ref": "Number",
            "text": "Milestone",
            "success_criteria": "Success criteria (optional)",
            "outcome": "Outcome (optional)",
        }
        help_texts = {"ref": 'Within the recommendation, such as "3" for milestone 4.3.'}
        error_messages = {
            "ref": {"required": "Enter the milestone's number"},
            "text": {"required": "Describe the milestone"},
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "success_criteria": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["leads"].queryset = plan_people(plan).order_by("name")
        outcomes = Outcome.objects.filter(recommendation__plan=plan)
        if self.instance.recommendation_id:
            outcomes = outcomes.filter(recommendation_id=self.instance.recommendation_id)
        self.fields["outcome"].queryset = outcomes.select_related("recommendation")
        self.fields["outcome"].empty_label = "No outcome"
        self.fields["outcome"].label_from_instance = lambda o: (
            f"{o.recommendation.ref}: {o.text[:80]}"
        )
        if self.instance.pk:
            self.initial.setdefault("leads", [p.pk for p in self.instance.lead_people])

    def recommendation(self):
        return self.instance.recommendation

    def clean(self):
        data = super().clean()
        recommendation, outcome = self.recommendation(), data.get("outcome")
        if recommendation and outcome and outcome.recommendation_id != recommendation.pk:
            self.add_error("outcome", "Choose an outcome of the milestone's recommendation")
        ref = (data.get("ref") or "").strip()
        if recommendation and ref:
            data["ref"] = ref
            others = Milestone.objects.filter(recommendation=recommendation, ref__iexact=ref)
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "ref", f"Recommendation {recommendation.ref} already has a milestone {ref}"
                )
        return data


class MilestoneAddForm(MilestoneFieldsForm):
    due_text = forms.CharField(
        label="Due (optional)",
        required=False,
        max_length=200,
        help_text='As the plan writes it: "31/03/2026", "June 2026", "Q3 2026/27".',
    )

    class Meta(MilestoneFieldsForm.Meta):
        fields = ["recommendation", *MilestoneFieldsForm.Meta.fields]
        labels = {**MilestoneFieldsForm.Meta.labels, "recommendation": "Recommendation"}
        error_messages = {
            **MilestoneFieldsForm.Meta.error_messages,
            "recommendation": {"required": "Choose the recommendation"},
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["recommendation"].queryset = recommendations_of(plan)
        self.fields["recommendation"].empty_label = "Choose a recommendation"
        self.fields["recommendation"].label_from_instance = lambda rec: rec.full_label

    def recommendation(self):
        return self.cleaned_data.get("recommendation")

    def clean_due_text(self):
        text = self.cleaned_data["due_text"].strip()
        if text and parse_due(text).due is None:
            raise forms.ValidationError(
                "Enter a due date the tracker can read, such as 31/03/2026 or June 2026"
            )
        return text


class MilestoneEditForm(MilestoneFieldsForm):
    """A milestone's words, outcome and leads, and a new due date with its reason: the due
    date is revised from a date, as a lead's status update revises it, so that what earlier
    reports said was due never changes."""

    due = forms.DateField(
        label="Due date",
        required=False,
        input_formats=DATE_FORMATS,
        validators=[date_in_range],
        widget=DateInput(),
        error_messages=DATE_ERRORS,
    )
    revised_from = forms.DateField(
        label="New due date applies from (if you change it)",
        required=False,
        input_formats=DATE_FORMATS,
        validators=[date_in_range],
        widget=DateInput(),
        help_text="Figures as at earlier dates keep the old due date. Usually today.",
        error_messages=DATE_ERRORS,
    )
    revision_reason = forms.CharField(
        label="Reason for the new due date (if you change it)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.initial.setdefault("due", self.current_due)
        self.initial.setdefault("revised_from", timezone.localdate())
        self.initial.setdefault("version", self.instance.version)

    @property
    def current_due(self):
        return self.instance.revised_due_date or self.instance.due_date

    @property
    def revises_due_date(self) -> bool:
        """A changed date on a milestone that had one is a revision; a first date is planned."""
        due = self.cleaned_data.get("due")
        return self.current_due is not None and due != self.current_due

    def clean(self):
        data = super().clean()
        if "due" in self.errors or not self.revises_due_date:
            return data
        due, since = data.get("due"), data.get("revised_from")
        if due is None:
            self.add_error("due", "A due date cannot be removed: give the new date")
        if not data.get("revision_reason", "").strip():
            self.add_error("revision_reason", "Give the reason for the new due date")
        if since is None and "revised_from" not in self.errors:
            self.add_error("revised_from", "Enter the date from which the new due date applies")
        elif since and since > timezone.localdate():
            self.add_error("revised_from", "The date cannot be in the future")
        elif since and self.instance.status_as_at and since < self.instance.status_as_at:
            # A later report would still carry the old date, so the revision would not count.
            self.add_error(
                "revised_from",
                "The date cannot be before the milestone's latest status update "
                f"({self.instance.status_as_at:%-d %b %Y})",
            )
        elif since and due and due < since:
            self.add_error("due", f"The new due date cannot be before {since:%-d %b %Y}")
        return data


class CloseForm(forms.Form):
    closed_on = forms.DateField(
        label="Closed from",
        input_formats=DATE_FORMATS,
        validators=[date_in_range],
        widget=DateInput(),
        help_text="Usually today. It counts in figures as at earlier dates.",
        error_messages={"required": "Enter the date it closes from", **DATE_ERRORS},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        help_text='For example "superseded", "merged into 4.3" or "withdrawn by the board".',
        error_messages={"required": "Give the reason it is closed"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    last_change = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_closed_on(self):
        closed_on = self.cleaned_data["closed_on"]
        if self.plan.starts_on and closed_on < self.plan.starts_on:
            raise forms.ValidationError(
                f"The date cannot be before the plan starts ({self.plan.starts_on:%-d %b %Y})"
            )
        return closed_on
