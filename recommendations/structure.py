"""A plan's structure as its managers edit it: the outline page's query, and the writes that
add, edit, reorder and close themes, recommendations, outcomes and milestones.

Nothing with history is deleted: an item no longer needed is closed from a date, and leaves the
figures from then on (MilestoneQuerySet.open_as_at). Every write goes through a model's save,
so simple-history records who changed what (with the reason where there is one) and the plan's
version is raised (improvement.plan_versions) so no cached figure outlives the change.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from improvement.models import Plan, Theme
from improvement.status import Status
from recommendations.models import Milestone, MilestoneLead, Outcome, Recommendation
from recommendations.services import claim_version, record_status_update


class Clash(Exception):
    """Someone else changed the item since the form was opened."""


# ----- the outline page ------------------------------------------------------------------


@dataclass
class RecommendationOutline:
    recommendation: Recommendation
    outcomes: list[Outcome] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)


@dataclass
class ThemeOutline:
    theme: Theme
    recommendations: list[RecommendationOutline] = field(default_factory=list)


def plan_outline(plan: Plan) -> list[ThemeOutline]:
    """Every theme, recommendation, outcome and milestone of the plan, closed ones too, in
    plan order: five queries whatever the plan's size."""
    themes = {t.pk: ThemeOutline(t) for t in Theme.objects.filter(plan=plan)}
    recs = {}
    for rec in Recommendation.objects.filter(plan=plan).order_by("ref_sort"):
        rec.plan = plan
        recs[rec.pk] = RecommendationOutline(rec)
        themes[rec.theme_id].recommendations.append(recs[rec.pk])
    for outcome in Outcome.objects.filter(recommendation__plan=plan):
        recs[outcome.recommendation_id].outcomes.append(outcome)
    leads = MilestoneLead.objects.select_related("person").order_by("order")
    milestones = Milestone.objects.filter(recommendation__plan=plan).prefetch_related(
        Prefetch("lead_links", queryset=leads)
    )
    for milestone in milestones:
        milestone.recommendation = recs[milestone.recommendation_id].recommendation
        recs[milestone.recommendation_id].milestones.append(milestone)
    return list(themes.values())


# ----- clash detection for the models without a version ------------------------------------


def last_change(item) -> int:
    """The id of the item's newest history record (0 when none): what an edit form carries
    so that saving over someone else's change is refused."""
    return item.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


def _check_unchanged(item, expected: int | None) -> None:
    if expected is None:
        return
    # Locks the item's row until the save commits, so two saves cannot both pass the check.
    list(type(item).objects.select_for_update().filter(pk=item.pk).values_list("pk"))
    if last_change(item) != expected:
        raise Clash(f"{item} has been changed by someone else since you opened it")


@transaction.atomic
def save_with_history(form, *, reason: str = "", expected: int | None = None):
    """Save a ModelForm's instance (a theme, recommendation or outcome), refused with Clash
    when the item changed after `expected`."""
    item = form.instance
    if item.pk:
        _check_unchanged(item, expected)
    elif isinstance(item, Theme | Outcome):
        item.order = _next_order(item)
    elif isinstance(item, Recommendation):
        item.added_on = timezone.localdate()
    item._change_reason = reason
    return form.save()


def _next_order(item) -> int:
    siblings = _siblings(item)
    return (siblings.aggregate(n=Max("order"))["n"] or 0) + 1


def _siblings(item):
    if isinstance(item, Theme):
        return Theme.objects.filter(plan_id=item.plan_id)
    if isinstance(item, Outcome):
        return Outcome.objects.filter(recommendation_id=item.recommendation_id)
    if isinstance(item, Milestone):
        return Milestone.objects.filter(recommendation_id=item.recommendation_id)
    raise TypeError(f"{type(item).__name__} is ordered by its number, not moved")


# ----- reordering -------------------------------------------------------------------------


def moved(keys: list, key, step: int) -> list:
    """The keys with `key` moved `step` places (-1 up, +1 down), kept within the list."""
    keys = list(keys)
    at = keys.index(key)
    to = max(0, min(len(keys) - 1, at + step))
    keys.insert(to, keys.pop(at))
    return keys


@transaction.atomic
def move(item, step: int) -> None:
    """Move a theme, outcome or milestone one place up or down among its siblings, numbering
    them afresh (imported orders can repeat); each changed position is recorded."""
    siblings = list(_siblings(item).select_for_update().order_by("order", "pk"))
    if isinstance(item, Milestone):
        siblings.sort(key=lambda m: (m.order, m.ref_sort, m.pk))
    order = moved([s.pk for s in siblings], item.pk, step)
    for position, sibling in enumerate(siblings_in(order, siblings), start=1):
        if sibling.order != position:
            sibling.order = position
            sibling.save(update_fields=["order"])


def siblings_in(order: list[int], siblings: list) -> list:
    by_pk = {s.pk: s for s in siblings}
    return [by_pk[pk] for pk in order]


# ----- milestones ---------------------------------------------------------------------------


@transaction.atomic
def add_milestone(form, *, author) -> Milestone:
    from improvement.dates import parse_due

    milestone = form.save(commit=False)
    parsed = parse_due(form.cleaned_data.get("due_text", ""))
    milestone.due_text = form.cleaned_data.get("due_text", "")
    milestone.due_date, milestone.starts_on = parsed.due, parsed.starts
    milestone.order = _next_order(milestone)
    # It counts from today: figures as at earlier dates stay as they were reported.
    milestone.added_on = timezone.localdate()
    milestone._history_user = author
    milestone.save()
    _set_leads(milestone, form.cleaned_data["leads"], author)
    return milestone


@transaction.atomic
def edit_milestone(form, *, author) -> Milestone:
    """Save a milestone's words, outcome and leads, and revise its due date from a date with
    a reason, as a status update does (recorded on the status history, so every figure as at
    an earlier date keeps the old date). Refused with StaleVersion on a clash."""
    data = form.cleaned_data
    milestone = form.instance
    claim_version(milestone, data["version"])
    fields = ["ref", "text", "success_criteria", "outcome"]
    if milestone.due_date is None and data.get("due") and not form.revises_due_date:
        milestone.due_date = data["due"]  # a first date is the planned one, not a revision
        fields.append("due_date")
    milestone._history_user = author
    milestone.save(update_fields=fields)
    _set_leads(milestone, data["leads"], author)
    if form.revises_due_date:
        revise_due_date(
            milestone,
            revised=data["due"],
            since=data["revised_from"],
            reason=data["revision_reason"].strip(),
            author=author,
        )
    return milestone


def revise_due_date(milestone: Milestone, *, revised: date, since: date, reason: str, author):
    """A revision from `since`: a status update as at that date which keeps the status then
    reported and carries the new date and its reason (see record_status_update)."""
    reported = (
        Milestone.objects.filter(pk=milestone.pk)
        .with_status_as_at(since)
        .values_list("reported_status", "reported_sign_off")
        .get()
    )
    was = milestone.revised_due_date or milestone.due_date
    return record_status_update(
        milestone,
        status=Status(reported[0]),
        as_at=since,
        comment=f"Due date changed from {was:%-d %b %Y} to {revised:%-d %b %Y}: {reason}",
        revised_due_date=revised,
        revision_reason=reason,
        author=author,
        sign_off=reported[1] or "",
    )


def _set_leads(milestone: Milestone, people, author) -> None:
    """The ticked leads: those already leading keep their order (the first is the lead of
    leads), new ones follow; each added or removed lead is recorded."""
    ticked = {person.pk for person in people}
    links = {link.person_id: link for link in milestone.lead_links.order_by("order")}
    wanted = [pk for pk in links if pk in ticked]
    wanted += [person.pk for person in people if person.pk not in links]
    for person_id, link in links.items():
        if person_id not in wanted:
            link._history_user = author
            link.delete()
    for order, person_id in enumerate(wanted):
        link = links.get(person_id)
        if link is None:
            link = MilestoneLead(milestone=milestone, person_id=person_id, order=order)
            link._history_user = author
            link.save()
        elif link.order != order:
            link.order = order
            link.save(update_fields=["order"])


# ----- closing ------------------------------------------------------------------------------


@transaction.atomic
def close_milestone(
    milestone: Milestone, *, closed_on: date, reason: str, author, expected_version: int | None
) -> Milestone:
    """Close the milestone from the date (StaleVersion on a clash); its history stays."""
    claim_version(milestone, expected_version)
    milestone.refresh_from_db()
    return _close(milestone, closed_on, reason, author)


@transaction.atomic
def close_recommendation(
    recommendation: Recommendation, *, closed_on: date, reason: str, author, expected: int | None
) -> Recommendation:
    """Close the recommendation, and so its milestones, from the date (Clash on a clash)."""
    _check_unchanged(recommendation, expected)
    return _close(recommendation, closed_on, reason, author)


@transaction.atomic
def reopen(item, *, author):
    """Undo a closing made in error: the item counts again at every date. The closing and
    the reopening both stay in its history."""
    if isinstance(item, Milestone):
        claim_version(item, None)
    return _close(item, None, "", author, why="Reopened")


def _close(item, closed_on: date | None, reason: str, author, why: str = ""):
    item.closed_on, item.closed_reason = closed_on, reason
    item._history_user = author
    item._change_reason = why or reason
    item.save(update_fields=["closed_on", "closed_reason"])
    return item
