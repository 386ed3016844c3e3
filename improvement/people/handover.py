"""Marking a person as left and handing their open work in a plan over to a successor.

What moves is listed first (`holdings`); the confirmation carries a digest of that list, so a
list that changed in between (a milestone completed, a risk given to them) is caught and shown
again rather than handed over unseen.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q

from improvement.models import Person, Plan
from improvement.status import Status
from indicators.models import Indicator
from recommendations.models import Milestone, MilestoneLead
from risks.models import Risk

REASON_LIMIT = 100  # simple-history's change reason column


@dataclass(frozen=True)
class Holdings:
    """A person's open work in one plan: what a hand-over moves."""

    milestones: list[Milestone]
    indicators: list[Indicator]
    risks: list[Risk]

    @property
    def count(self) -> int:
        return len(self.milestones) + len(self.indicators) + len(self.risks)

    def digest(self) -> str:
        """Names exactly these items: a later list with anything added or gone differs."""
        ids = ",".join(
            f"{kind}{item.pk}"
            for kind, items in (("m", self.milestones), ("i", self.indicators), ("r", self.risks))
            for item in items
        )
        return hashlib.sha256(ids.encode()).hexdigest()[:32]


def open_milestones(plan: Plan, today: date):
    """The plan's milestones not complete as at today, leaving out those closed (superseded,
    withdrawn). A completion still awaiting a plan manager's sign-off is open: it may be
    returned, and then the successor must act on it."""
    return (
        Milestone.objects.filter(recommendation__plan=plan)
        .open_as_at(today)
        .with_status_as_at(today)
        .filter(~Q(reported_status=Status.COMPLETE.value) | Q(reported_sign_off="requested"))
    )


def holdings(person: Person, plan: Plan, today: date) -> Holdings:
    """The open milestones the person leads, the PIs they own and the open risks they own in
    the plan, in the plan's order (three queries)."""
    milestones = list(
        open_milestones(plan, today)
        .filter(lead_links__person=person)
        .select_related("recommendation")
        .order_by("recommendation__ref_sort", "order", "ref_sort")
    )
    indicators = list(
        Indicator.objects.filter(plan=plan, owner=person).order_by("order", "ref_sort")
    )
    risks = list(
        Risk.objects.filter(plan=plan, owner=person)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=today))
        .order_by("ref_sort")
    )
    return Holdings(milestones, indicators, risks)


def handover_reason(person: Person, successor: Person | None, left_on: date) -> str:
    """The reason each moved item's history records, within the history's 100 characters."""
    when = f"{left_on:%-d %b %Y}"
    if successor is None:
        return _fit(f"{{}} left on {when}", person.short_name)
    return _fit(f"Handed over from {{}} to {{}}: {{}} left on {when}", person.short_name,
                successor.short_name, person.short_name)  # fmt: skip


def _fit(template: str, *names: str) -> str:
    text = template.format(*names)
    if len(text) <= REASON_LIMIT:
        return text
    room = max(4, (REASON_LIMIT - len(template.format(*[""] * len(names)))) // len(names))
    return template.format(*[n if len(n) <= room else n[: room - 1] + "…" for n in names])


class StaleHoldings(Exception):
    """What the person holds changed after it was listed for confirmation."""

    def __init__(self, holdings: Holdings):
        super().__init__("The list of open work changed since it was shown.")
        self.holdings = holdings


@transaction.atomic
def hand_over(
    person: Person,
    plan: Plan,
    successor: Person | None,
    left_on: date,
    *,
    today: date,
    user,
    listed: str,
) -> Holdings:
    """Mark the person as left on the date, move their open work in the plan to the
    successor, each move recorded in that item's history with the reason, and deactivate
    their account. Returns what moved.

    Each lead link is replaced where it stands (the successor takes the leaver's place in the
    order of leads), or simply removed where the successor already leads that milestone.
    Every save raises the plan's version (improvement.plan_versions), so cached figures
    refresh. Raises StaleHoldings, changing nothing, when the work is no longer what was
    listed (`listed`, the digest of the list the user confirmed).
    """
    # Locked first, so that two hand-overs of one person run one after the other: the second
    # reads the first's result and finds the list changed.
    list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk"))
    moved = holdings(person, plan, today)
    if moved.digest() != listed:
        raise StaleHoldings(moved)
    reason = handover_reason(person, successor, left_on)
    if moved.count and successor is None:
        raise ValueError("Open work needs a successor to hand it over to.")
    links = MilestoneLead.objects.filter(
        person=person, milestone__in=[m.pk for m in moved.milestones]
    ).select_for_update()
    already_leads = set(
        MilestoneLead.objects.filter(
            person=successor, milestone__in=[m.pk for m in moved.milestones]
        ).values_list("milestone_id", flat=True)
    )
    for link in links:
        link._change_reason, link._history_user = reason, user
        link.delete()
        if link.milestone_id not in already_leads:
            new = MilestoneLead(milestone_id=link.milestone_id, person=successor, order=link.order)
            new._change_reason, new._history_user = reason, user
            new.save()
    for item in [*moved.indicators, *moved.risks]:
        item.owner = successor
        item._change_reason, item._history_user = reason, user
        item.save(update_fields=["owner"])
    person.left_on = left_on
    if successor is not None:
        person.successor = successor
    person._change_reason, person._history_user = reason, user
    person.save(update_fields=["left_on", "successor"])
    if person.user_id and person.user.is_active:
        person.user.is_active = False
        person.user.save(update_fields=["is_active"])
    return moved
