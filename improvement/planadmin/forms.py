"""The plan settings and members forms, for the plan's managers and administrators."""

from django import forms

from improvement.models import Organisation, Person, Plan, PlanMember
from improvement.widgets import DATE_FORMATS, DateInput

DATE_HELP = "For example, 31/03/2027."


class PlanSettingsForm(forms.ModelForm):
    """What a plan is: its title, who owns and shares it, its dates and how it is run.

    `seen` holds the latest change the editor saw, so that a save made on top of someone
    else's is refused (with both shown) rather than silently overwriting it."""

    seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Plan
        fields = [
            "title",
            "organisation",
            "partners",
            "starts_on",
            "ends_on",
            "reporting_cycle_days",
            "completion_sign_off",
            "description",
            "restricted",
        ]
        labels = {
            "title": "Title",
            "organisation": "Organisation",
            "partners": "Partner organisations (optional)",
            "starts_on": "Start date (optional)",
            "ends_on": "End date (optional)",
            "reporting_cycle_days": "Reporting cycle, in days",
            "completion_sign_off": "A plan manager signs off each completion",
            "description": "Description (optional)",
            "restricted": "Restricted: only the plan's members, directors of its organisation "
            "and administrators read it",
        }
        help_texts = {
            "organisation": "The council or body that owns the plan. Its staff read the plan.",
            "partners": "Staff of these organisations read the plan too, unless it is restricted.",
            "starts_on": DATE_HELP,
            "ends_on": DATE_HELP,
            "reporting_cycle_days": "How often leads are expected to update their milestones: "
            "28 for four-weekly, 30 for monthly.",
            "completion_sign_off": "When ticked, a lead's Complete is a request that a plan "
            "manager confirms; until then it counts as on track.",
        }
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "partners": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "title": {
                "required": "Enter the plan's title",
                "max_length": "Enter a title of no more than %(limit_value)d characters",
            },
            "organisation": {"invalid_choice": "Choose an organisation from the list"},
            "partners": {"invalid_choice": "Choose partner organisations from the list"},
            "starts_on": {"invalid": "Enter the start date as a date, such as 1/4/2026"},
            "ends_on": {"invalid": "Enter the end date as a date, such as 31/3/2027"},
            "reporting_cycle_days": {
                "required": "Enter the reporting cycle in days, such as 28",
                "invalid": "Enter the reporting cycle as a whole number of days, such as 28",
                "min_value": "Enter a reporting cycle of at least 1 day",
                "max_value": "Enter a reporting cycle of no more than 366 days",
            },
        }

    def __init__(self, *args, seen: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen"].initial = seen
        organisation = self.fields["organisation"]
        organisation.required = True
        organisation.empty_label = "Choose the organisation"
        organisation.error_messages["required"] = "Choose the organisation that owns the plan"
        # The owner is not offered as its own partner (clean() refuses it, should the owner
        # be changed to one of the partners).
        self.fields["partners"].queryset = Organisation.objects.exclude(
            pk=self.instance.organisation_id or 0
        ).order_by("name")
        for name in ("starts_on", "ends_on"):
            self.fields[name].input_formats = DATE_FORMATS

    def clean_reporting_cycle_days(self):
        days = self.cleaned_data["reporting_cycle_days"]
        if days < 1:
            raise forms.ValidationError("Enter a reporting cycle of at least 1 day")
        if days > 366:
            raise forms.ValidationError("Enter a reporting cycle of no more than 366 days")
        return days

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "Enter an end date on or after the start date")
        owner, partners = cleaned.get("organisation"), cleaned.get("partners")
        if owner and partners and owner in partners:
            self.add_error(
                "partners", f"{owner} owns the plan: untick it as a partner organisation"
            )
        return cleaned


class MemberAddForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Person",
        queryset=Person.objects.none(),
        empty_label="Choose a person",
        help_text="People of the plan's organisation and partner organisations.",
        error_messages={
            "required": "Choose the person to add",
            "invalid_choice": "Choose a person from the list",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=PlanMember.Role.choices,
        widget=forms.RadioSelect,
        initial=PlanMember.Role.VIEWER,
        error_messages={"required": "Choose the person's role"},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class MemberRoleForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(
        choices=[*PlanMember.Role.choices, ("remove", "Remove from the plan")],
        error_messages={"required": "Choose a role", "invalid_choice": "Choose a role"},
    )
