"""The demo: the Herefordshire JAR 2006 plan, from the CSV files in fixtures/jar-2006/.

The source gives each recommendation's monthly status (timeline.csv) but no milestone statuses,
so `timeline_history` derives the fewest milestone updates whose roll-up, as at each month end,
gives back every status the timeline prints.
"""

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from improvement import roles
from improvement.dates import month_end, parse_due
from improvement.leads import looks_like_initials, split_leads
from improvement.models import Organisation, Person, Plan, Theme
from improvement.status import Status, effective_status, parse_status, roll_up
from recommendations.models import Milestone, MilestoneLead, Outcome, Recommendation
from recommendations.services import record_status_update

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "jar-2006"
SLUG = "jar-2006"
TITLE = "Herefordshire JAR Performance Improvement Action Plan"
ORGANISATION = "Herefordshire Council"
HISTORY_COMMENT = (
    "Derived from the plan's progress timeline (May 2006 revision), which reports status by "
    "recommendation, not by milestone."
)
DEMO_PASSWORD = "jar-demo-2006"
DEMO_ACCOUNTS = (
    # username, role, the lead the account is linked to, first and last name
    ("officer", roles.OFFICER, "LM", "Linda", "Maden"),
    ("director", roles.DIRECTOR, None, "Demo", "Director"),
    ("clerk", roles.CLERK, None, "Demo", "Clerk"),
    ("admin", roles.ADMINISTRATOR, None, "Demo", "Administrator"),
)


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DEMO_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class HistoryEntry:
    milestone: int  # the index of the milestone in the list given
    status: Status
    as_at: date


def timeline_history(
    dues: list[date | None], months: list[tuple[date, Status]]
) -> list[HistoryEntry]:
    """Milestone updates for one recommendation that reproduce its monthly timeline.

    `dues` are its milestones' due dates; `months` its (month end, status) cells, in order.
    Every milestone is reported on track from the first month, and complete by the month the
    recommendation is complete or, if earlier, by its own due date when the timeline still says
    on track after that date (otherwise it would be overdue, so off track, in the roll-up).
    """
    if not months:
        return []
    first = months[0][0]
    complete_month = next((end for end, status in months if status == Status.COMPLETE), None)
    last_on_track = max((end for end, status in months if status != Status.COMPLETE), default=first)
    history = []
    for index, due in enumerate(dues):
        done = None
        if due is not None and due < (complete_month or last_on_track):
            done = max(due, first)
        elif complete_month is not None:
            done = complete_month
        if done is None or done > first:
            history.append(HistoryEntry(index, Status.ON_TRACK, first))
        if done is not None:
            history.append(HistoryEntry(index, Status.COMPLETE, done))
    _check_reproduces(dues, months, history)
    return history


def _check_reproduces(dues, months, history: list[HistoryEntry]) -> None:
    """Refuse a history whose roll-up would contradict the timeline it was derived from."""
    for month_end_, expected in months:
        statuses = []
        for index, due in enumerate(dues):
            entries = [e for e in history if e.milestone == index and e.as_at <= month_end_]
            reported = max(entries, key=lambda e: e.as_at).status if entries else Status.NOT_STARTED
            statuses.append(effective_status(reported, due, month_end_).status)
        if roll_up(statuses) != expected:
            raise ValueError(
                f"No milestone history gives {expected.label} in {month_end_:%B %Y} "
                f"with these due dates; the roll-up would be {roll_up(statuses).label}"
            )


@transaction.atomic
def load_demo(*, with_accounts: bool = False) -> list[str]:
    """Load the JAR 2006 plan unless it is there already; returns what was done, line by line."""
    done = []
    if Plan.objects.filter(slug=SLUG).exists():
        done.append(f"The plan {SLUG!r} is already loaded: left unchanged.")
    else:
        plan = _load_plan()
        done.append(
            f"Loaded {plan.title}: {plan.recommendations.count()} recommendations, "
            f"{Milestone.objects.filter(recommendation__plan=plan).count()} milestones."
        )
    if with_accounts:
        done.extend(ensure_demo_accounts())
    return done


def _load_plan() -> Plan:
    organisation, _ = Organisation.objects.get_or_create(name=ORGANISATION)
    plan = Plan.objects.create(
        title=TITLE,
        slug=SLUG,
        organisation=organisation,
        description="Action for a Better Herefordshire for all Children and Young People: the "
        "response to the Joint Area Review of December 2005.",
        source="Herefordshire JAR Performance Improvement Action Plan, May 2006 revision.",
        starts_on=date(2006, 1, 1),
        ends_on=date(2006, 12, 31),
        reporting_cycle_days=30,
    )
    people = _load_people()
    milestones_by_rec = _load_recommendations(plan, people)
    _load_history(milestones_by_rec)
    return plan


def _load_people() -> dict[str, Person]:
    """Everyone in people.csv, found by initials or, when they have none, by name."""
    people = {}
    for row in read_csv("people.csv"):
        organisation = None
        if row["organisation"]:
            organisation, _ = Organisation.objects.get_or_create(name=row["organisation"])
        person = _find_person(row["initials"], row["name"])
        if person is None:
            person = Person.objects.create(
                initials=row["initials"],
                name=row["name"],
                role=row["role"],
                organisation=organisation,
            )
        people[row["initials"] or row["name"]] = person
    return people


def _find_person(initials: str, name: str) -> Person | None:
    """Match by initials exactly (SMe is not SMA), else by name ignoring case."""
    if initials:
        return Person.objects.filter(initials=initials).first()
    return Person.objects.filter(name__iexact=name).first()


def _lead(token: str, people: dict[str, Person]) -> Person:
    """The person a lead token names; an unknown token becomes a person marked unlisted,
    because the plan does not say who they are and we must not guess."""
    person = people.get(token) or _find_person(token if looks_like_initials(token) else "", token)
    if person is None and looks_like_initials(token):
        person = Person.objects.filter(name__iexact=token).first()
    if person is None:
        person = Person.objects.create(
            initials=token if looks_like_initials(token) else "",
            name=token,
            is_listed=False,
            note="Named as a lead in the plan but not in its list of leads: who it is is unknown.",
        )
    people[token] = person
    return person


def _load_recommendations(plan: Plan, people: dict[str, Person]) -> dict[str, list[Milestone]]:
    themes: dict[str, Theme] = {}
    recommendations: dict[str, Recommendation] = {}
    milestones: dict[str, list[Milestone]] = defaultdict(list)
    outcomes: dict[tuple[str, str], Outcome] = {}
    for order, row in enumerate(read_csv("plan.csv"), start=1):
        if row["theme"] not in themes:
            themes[row["theme"]] = Theme.objects.create(
                plan=plan, name=row["theme"], order=len(themes) + 1
            )
        ref = row["recommendation_ref"]
        if ref not in recommendations:
            recommendations[ref] = Recommendation.objects.create(
                plan=plan,
                theme=themes[row["theme"]],
                ref=ref,
                text=row["recommendation"],
                timescale=row["timescale"],
                order=len(recommendations) + 1,
            )
        outcome = None
        if row["outcome"]:
            key = (ref, row["outcome"])
            if key not in outcomes:
                outcomes[key] = Outcome.objects.create(
                    recommendation=recommendations[ref], text=row["outcome"], order=len(outcomes)
                )
            outcome = outcomes[key]
        parsed = parse_due(row["due"])
        milestone = Milestone.objects.create(
            recommendation=recommendations[ref],
            outcome=outcome,
            ref=_unique_ref(row["milestone_ref"], milestones[ref]),
            order=order,
            text=row["milestone"],
            success_criteria=row["success_criteria"],
            due_text=row["due"],
            due_date=parsed.due,
            starts_on=parsed.starts,
        )
        MilestoneLead.objects.bulk_create(
            MilestoneLead(milestone=milestone, person=_lead(token, people), order=position)
            for position, token in enumerate(split_leads(row["leads"]))
        )
        if parse_status(row["status"]) not in (None, Status.NOT_STARTED):
            raise ValueError(f"The demo plan has no statuses, but row {order} has one")
        milestones[ref].append(milestone)
    return milestones


def _unique_ref(ref: str, siblings: list[Milestone]) -> str:
    """A ref already used in the recommendation gets a suffix: the second "2" is "2-2"."""
    used = {m.ref for m in siblings}
    candidate, count = ref, 1
    while candidate in used:
        count += 1
        candidate = f"{ref}-{count}"
    return candidate


def _load_history(milestones_by_rec: dict[str, list[Milestone]]) -> None:
    months = defaultdict(list)
    for row in read_csv("timeline.csv"):
        year, month = (int(part) for part in row["month"].split("-"))
        months[row["recommendation_ref"]].append(
            (month_end(year, month), parse_status(row["status"]))
        )
    for ref, cells in months.items():
        milestones = milestones_by_rec[ref]
        history = timeline_history([m.due_date for m in milestones], sorted(cells))
        for entry in sorted(history, key=lambda e: (e.as_at, e.milestone)):
            record_status_update(
                milestones[entry.milestone],
                status=entry.status,
                as_at=entry.as_at,
                comment=HISTORY_COMMENT,
            )


def ensure_demo_accounts() -> list[str]:
    """The four demo log-ins, one per role; the officer is lead LM (Linda Maden)."""
    User = get_user_model()
    lines = []
    for username, role, initials, first_name, last_name in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first_name, "last_name": last_name}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role == roles.ADMINISTRATOR
            user.is_superuser = role == roles.ADMINISTRATOR
            user.save()
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        if initials:
            Person.objects.filter(initials=initials, user__isnull=True).update(user=user)
        lines.append(f"{role:<14} {username} / {DEMO_PASSWORD}")
    return lines
