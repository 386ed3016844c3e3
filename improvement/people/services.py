"""People of a plan: what the people page shows of each, and their accounts (linked to an
existing one, or invited by e-mail to set a password through Django's reset flow)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.db.models import Count, Q
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int

from improvement import roles
from improvement.models import Person, Plan
from indicators.models import Indicator
from recommendations.models import MilestoneLead
from risks.models import Risk


@dataclass(frozen=True)
class PersonRow:
    """One person on a plan's people page, with what they hold in that plan."""

    person: Person
    milestones: int  # every milestone of the plan they lead
    open_milestones: int
    indicators: int
    open_risks: int

    @property
    def holds_open_work(self) -> bool:
        return bool(self.open_milestones or self.indicators or self.open_risks)


def person_rows(plan: Plan, people: list[Person], today: date) -> list[PersonRow]:
    """The page's people with their counts in the plan: four queries whatever their number
    (each count grouped by person in the database, for these people only)."""
    from improvement.people.handover import open_milestones

    ids = [p.pk for p in people]
    plan_links = MilestoneLead.objects.filter(person__in=ids, milestone__recommendation__plan=plan)
    led = Counter(dict(plan_links.values_list("person").annotate(n=Count("pk")).order_by()))
    open_ids = open_milestones(plan, today).values("pk")
    open_led = Counter(
        dict(
            MilestoneLead.objects.filter(person__in=ids, milestone__in=open_ids)
            .values_list("person")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    owned = Counter(
        dict(
            Indicator.objects.filter(plan=plan, owner__in=ids)
            .values_list("owner")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    risky = Counter(
        dict(
            Risk.objects.filter(plan=plan, owner__in=ids)
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=today))
            .values_list("owner")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    return [PersonRow(p, led[p.pk], open_led[p.pk], owned[p.pk], risky[p.pk]) for p in people]


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Reset tokens with their own salt and a longer life: an invitation waits in an inbox for
    days, where a reset link lasts an hour. Like a reset link it stops working once a password
    is set (the token covers the password)."""

    key_salt = "improvement.people.services.InvitationTokenGenerator"

    def check_token(self, user, token) -> bool:
        # The base class's check, but against INVITATION_TIMEOUT, and never for an account
        # that has been deactivated since (its holder left).
        if not (user and token and user.is_active):
            return False
        try:
            stamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, stamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return self._num_seconds(self._now()) - stamp <= settings.INVITATION_TIMEOUT


invitation_tokens = InvitationTokenGenerator()


class InvitationForm(PasswordResetForm):
    """Django's reset e-mail, sent to one named account that has no password yet (the reset
    form itself sends nothing to such an account)."""

    def __init__(self, invitee, **kwargs):
        super().__init__(data={"email": invitee.email}, **kwargs)
        self.invitee = invitee

    def get_users(self, email):
        return [self.invitee]


def grantable_roles(user) -> list[str]:
    """The roles a user may give an invited account. Directors read every plan's draft
    reports, clerks write any plan's board reports and administrators do everything: those
    reach beyond one plan, so only administrators grant them; a plan manager invites officers."""
    return list(roles.ROLES) if roles.is_administrator(user) else [roles.OFFICER]


def username_for(email: str) -> str:
    """The user name of an invited account: the whole e-mail address, in lower case, which is
    unique where the part before @ is not (j.smith at two councils)."""
    return email.strip().lower()


@transaction.atomic
def invite(person: Person, email: str, role: str, *, plan: Plan, request) -> None:
    """Make an account with no usable password for the person, linked to them, with the role,
    and e-mail them a link to choose their password."""
    first, _, last = person.name.partition(" ")
    user = get_user_model().objects.create_user(
        username=username_for(email),
        email=email,
        first_name=first[:150],
        last_name=last[:150],
        is_staff=role == roles.ADMINISTRATOR,
        is_superuser=role == roles.ADMINISTRATOR,
    )
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    person.user, person.email = user, email
    person._change_reason = f"Invited by e-mail as {role}"
    person.save(update_fields=["user", "email"])
    send_invitation(user, plan=plan, request=request)


def send_invitation(user, *, plan: Plan, request) -> None:
    """The e-mail with a link to choose a password (again, for an invitation not yet taken)."""
    form = InvitationForm(user)
    form.is_valid()
    form.save(
        request=request,
        use_https=request.is_secure(),
        token_generator=invitation_tokens,
        subject_template_name="registration/invitation_subject.txt",
        email_template_name="registration/invitation_email.txt",
        extra_email_context={"plan": plan, "days": settings.INVITATION_TIMEOUT // 86400},
    )


def awaiting_password(user) -> bool:
    """An invited account whose holder has not yet chosen a password."""
    return user is not None and user.is_active and not user.has_usable_password()


def link_account(person: Person, user) -> None:
    person.user = user
    fields = ["user"]
    if user.email and not person.email:
        person.email = user.email
        fields.append("email")
    person._change_reason = f"Linked to the account {user.get_username()}"
    person.save(update_fields=fields)


def unlink_account(person: Person) -> None:
    username = person.user.get_username()
    person.user = None
    person._change_reason = f"Unlinked from the account {username}"
    person.save(update_fields=["user"])
