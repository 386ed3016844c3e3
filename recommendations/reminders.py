"""Monthly reminders: one digest per lead with an account, of what needs their attention."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from improvement.models import Person
from improvement.status import Status, due_phrase, effective_status, is_stale
from recommendations.models import Milestone, SignOff

DUE_SOON_DAYS = 14


@dataclass
class Item:
    milestone: Milestone
    phrase: str
    url: str


@dataclass
class Digest:
    person: Person
    email: str
    overdue: list[Item] = field(default_factory=list)
    due_soon: list[Item] = field(default_factory=list)
    stale: list[Item] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.stale)

    @property
    def count(self) -> int:
        return len({i.milestone.pk for i in self.overdue + self.due_soon + self.stale})


def build_digests(as_at: date, *, unreachable: list[Person] | None = None) -> list[Digest]:
    """A digest for every lead with an active account and an e-mail address who has something
    overdue, due within 14 days, or not updated within the plan's reporting cycle. Leads with
    an account and something to chase but no e-mail address are added to `unreachable`."""
    digests: dict[int, Digest] = {}
    milestones = (
        Milestone.objects.filter(
            lead_links__person__user__is_active=True,
        )
        .open_as_at(as_at)
        .with_related()
        .with_status_as_at(as_at)
        .distinct()
        .order_by("due_date", "pk")
    )
    for milestone in milestones:
        for person in milestone.lead_people:
            if person.user is None or not person.user.is_active:
                continue
            digest = digests.setdefault(person.pk, Digest(person, _address(person)))
            _file(digest, milestone, as_at)
    due = [d for d in sorted(digests.values(), key=lambda d: d.person.name) if not d.empty]
    if unreachable is not None:
        unreachable.extend(d.person for d in due if not d.email)
    return [d for d in due if d.email]


def _address(person: Person) -> str:
    user = person.user
    if user is None or not user.is_active:
        return ""
    return user.email or person.email


def _file(digest: Digest, milestone: Milestone, as_at: date) -> None:
    reported = Status(milestone.reported_status)
    due = milestone.effective_due_date
    awaiting = milestone.reported_sign_off == SignOff.REQUESTED
    effective = effective_status(reported, due, as_at, awaiting)
    if reported == Status.COMPLETE:
        return
    item = Item(
        milestone,
        due_phrase(due, as_at, reported),
        settings.SITE_URL + milestone.get_absolute_url(),
    )
    if effective.overdue:
        digest.overdue.append(item)
    elif due and as_at <= due <= as_at + timedelta(days=DUE_SOON_DAYS):
        digest.due_soon.append(item)
    cycle = milestone.recommendation.plan.reporting_cycle_days
    if is_stale(reported, milestone.reported_on, as_at, cycle):
        digest.stale.append(item)


def digest_message(digest: Digest, as_at: date) -> EmailMessage:
    context = {"digest": digest, "as_at": as_at, "site_url": settings.SITE_URL}
    return EmailMessage(
        subject=f"Your improvement milestones: {digest.count} need attention",
        body=render_to_string("recommendations/reminder_email.txt", context),
        to=[digest.email],
    )


def send_digests(digests: list[Digest], as_at: date) -> int:
    """Send each digest as its own e-mail, so no lead sees another's; returns how many."""
    return sum(digest_message(d, as_at).send() for d in digests)
