"""The forms of a plan's people pages and of the account page's e-mail address."""

import hashlib
from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from improvement.asat import date_in_range
from improvement.models import Organisation, Person, Plan
from improvement.people.services import grantable_roles, username_for
from improvement.widgets import DATE_FORMATS, DateInput

EDITED_FIELDS = ["name", "initials", "role", "email", "organisation"]


def loaded_digest(person: Person) -> str:
    """What the form was opened with, so that a save over someone else's change is caught."""
    values = "\x1f".join(str(getattr(person, f"{n}_id" if n == "organisation" else n)) for n in
                         EDITED_FIELDS)  # fmt: skip
    return hashlib.sha256(values.encode()).hexdigest()[:32]


def email_in_use(email: str, *, person: Person | None = None, user=None) -> str | None:
    """Why the address cannot be used (another account or another person has it), or None.
    Accounts are found and linked by e-mail address, so two must never share one."""
    users = get_user_model().objects.filter(
        Q(email__iexact=email) | Q(username=username_for(email))
    )
    if user is not None:
        users = users.exclude(pk=user.pk)
    if person is not None and person.user_id:
        users = users.exclude(pk=person.user_id)
    if users.exists():
        return "Another account uses this e-mail address"
    others = Person.objects.filter(email__iexact=email)
    if person is not None and person.pk:
        others = others.exclude(pk=person.pk)
    if user is not None:
        others = others.exclude(user=user)
    other = others.first()
    if other is not None:
        return f"{other.name} has this e-mail address: each person needs their own"
    return None


class PersonForm(forms.ModelForm):
    loaded = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = EDITED_FIELDS
        labels = {
            "name": "Name",
            "initials": "Initials (optional)",
            "role": "Job title (optional)",
            "email": "E-mail address (optional)",
            "organisation": "Organisation",
        }
        help_texts = {
            "name": "A person's full name, or a job title or body where the plan names one as "
            "a lead (“Director Children and Families”).",
            "initials": "As the plan writes them, case and all: SMe and SMA are two people.",
            "role": "For example Head of Safeguarding.",
            "email": "Reminders and invitations go here.",
        }
        error_messages = {
            "name": {
                "required": "Enter the person's name",
                "max_length": "Enter a name of no more than 200 characters",
            },
            "initials": {"max_length": "Enter initials of no more than 10 characters"},
            "role": {"max_length": "Enter a job title of no more than 300 characters"},
            "email": {"invalid": "Enter an e-mail address like name@council.gov.uk"},
            "organisation": {"invalid_choice": "Choose an organisation from the list"},
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(
            Q(pk=plan.organisation_id) | Q(partner_plans=plan) | Q(pk=self.instance.organisation_id)
        ).distinct()
        field = self.fields["organisation"]
        field.queryset = organisations
        # A plan's people are those of its organisations (improvement.access.plan_people): a
        # person added with none would not be listed here again.
        field.required = plan.organisation_id is not None
        field.empty_label = "Choose an organisation" if field.required else "None"
        field.error_messages["required"] = "Choose the person's organisation"
        if not self.instance.pk:
            self.initial["organisation"] = plan.organisation_id
        else:
            self.initial["loaded"] = loaded_digest(self.instance)
        if self.instance.user_id:
            # The account holder keeps their own address (on their account page): a manager
            # who could change it could have their password reset links sent elsewhere.
            self.fields["email"].disabled = True
            self.fields[
                "email"
            ].help_text = "They set it themselves on their account page, as it is their account's."

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_initials(self):
        initials = self.cleaned_data["initials"].strip()
        if initials:
            taken = Person.objects.filter(initials=initials).exclude(pk=self.instance.pk).first()
            if taken:
                raise forms.ValidationError(f"{taken.name} has the initials {initials} already")
        return initials

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if email and not self.fields["email"].disabled:
            problem = email_in_use(email, person=self.instance)
            if problem:
                raise forms.ValidationError(problem)
        return email

    def has_conflict(self) -> bool:
        """Someone else saved this person since the form was opened."""
        # Locked until the save's transaction ends, so no other save slips in between.
        return bool(self.instance.pk) and self.data.get("loaded") != loaded_digest(
            Person.objects.select_for_update().get(pk=self.instance.pk)
        )


class LinkAccountForm(forms.Form):
    account = forms.CharField(
        label="User name or e-mail address of their account",
        max_length=254,
        error_messages={"required": "Enter the user name or e-mail address of their account"},
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_account(self):
        typed = self.cleaned_data["account"].strip()
        users = get_user_model().objects.filter(Q(username=typed) | Q(email__iexact=typed))
        found = list(users.select_related("person")[:2])
        if not found:
            raise forms.ValidationError("No account has that user name or e-mail address")
        if len(found) > 1:
            raise forms.ValidationError(
                "Two accounts have that e-mail address: enter the user name"
            )
        user = found[0]
        linked = getattr(user, "person", None)
        if linked is not None and linked.pk != self.person.pk:
            raise forms.ValidationError(
                f"That account is already linked to {linked.name}: an account belongs to one person"
            )
        if not user.is_active:
            raise forms.ValidationError("That account is deactivated: ask an administrator")
        return user


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Their e-mail address",
        # It becomes their user name, which holds 150 characters.
        max_length=150,
        help_text="The invitation goes here, and it becomes their user name.",
        error_messages={
            "required": "Enter the e-mail address to send the invitation to",
            "invalid": "Enter an e-mail address like name@council.gov.uk",
            "max_length": "Enter an e-mail address of no more than 150 characters",
        },
    )
    role = forms.ChoiceField(
        label="Their role",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose their role",
            "invalid_choice": "Only administrators may make directors, clerks or administrators",
        },
    )

    def __init__(self, *args, person: Person, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        allowed = grantable_roles(inviter)
        self.fields["role"].choices = [(name, name) for name in allowed]
        self.fields["role"].initial = allowed[0]
        self.initial.setdefault("email", person.email)
        if len(allowed) == 1:
            self.fields["role"].help_text = (
                "A plan manager invites officers; an administrator can make someone a director, "
                "clerk or administrator."
            )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        problem = email_in_use(email, person=self.person)
        if problem:
            raise forms.ValidationError(f"{problem}: link that account instead")
        return email


class LeaveForm(forms.Form):
    left_on = forms.DateField(
        label="The day they left",
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        validators=[date_in_range],
        help_text="For example 31/3/2026. Today or earlier: hand their work over when they go.",
        error_messages={
            "required": "Enter the day they left",
            "invalid": "Enter a real date, for example 31/3/2026",
        },
    )
    successor = forms.ModelChoiceField(
        label="Who takes over their work",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Choose a person",
        error_messages={"invalid_choice": "Choose who takes over from the list"},
    )
    listed = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, person: Person, people, today: date, open_work: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.open_work = today, open_work
        self.fields["successor"].queryset = people.current().exclude(pk=person.pk)
        self.initial.setdefault("left_on", person.left_on or today)

    def clean_left_on(self):
        left_on = self.cleaned_data["left_on"]
        if left_on > self.today:
            raise forms.ValidationError(
                "Enter today or an earlier date: hand their work over on the day they go"
            )
        return left_on

    def clean_successor(self):
        successor = self.cleaned_data["successor"]
        if successor is None and self.open_work:
            raise forms.ValidationError(
                f"Choose who takes over their {self.open_work} open item"
                + ("s" if self.open_work != 1 else "")
            )
        return successor


class AccountEmailForm(forms.Form):
    """The account holder's own e-mail address, confirmed with their password."""

    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="Reminders and password reset links are sent here.",
        error_messages={
            "required": "Enter your e-mail address",
            "invalid": "Enter an e-mail address like name@council.gov.uk",
        },
    )
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput,
        strip=False,
        help_text="To confirm it is you: whoever holds this address can reset your password.",
        error_messages={"required": "Enter your password to confirm the change"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.initial.setdefault("email", user.email)
        if not user.has_usable_password():
            del self.fields["password"]  # signs in elsewhere (single sign-on)

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        problem = email_in_use(email, user=self.user)
        if problem:
            raise forms.ValidationError(problem)
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Your password is not right")
        return password
