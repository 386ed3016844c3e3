"""The demo: the Herefordshire JAR 2006 plan, from the CSV files in fixtures/jar-2006/.

The source gives each recommendation's monthly status (timeline.csv) but no milestone statuses,
so `timeline_history` derives the fewest milestone updates whose roll-up, as at each month end,
gives back every status the timeline prints.
"""

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from improvement import roles
from improvement.dates import month_end
from improvement.models import Organisation, Person, Plan
from improvement.spreadsheets.plan_import import ImportResult, import_plan
from improvement.spreadsheets.reading import read_path
from improvement.status import Status, effective_status, parse_status, roll_up
from recommendations.models import Milestone
from recommendations.services import record_status_update

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "jar-2006"
SLUG = "jar-2006"
TITLE = "Herefordshire JAR Performance Improvement Action Plan"
ORGANISATION = "Herefordshire Council"
# The plan's partners, as its people list names them: their staff read the plan too.
PARTNERS = ("Hereford PCT", "Connexions", "The Alliance (Voluntary and Community Sector)")
HISTORY_COMMENT = (
    "Derived from the plan's progress timeline (May 2006 revision), which reports status by "
    "recommendation, not by milestone."
)
DEMO_PASSWORD = "jar-demo-2006"
DEMO_ACCOUNTS = (
    # username, role, the lead the account is linked to, first and last name
    ("officer", roles.OFFICER, "LM", "Linda", "Maden"),
    # A partner's officer: she reads the plan because the PCT is its partner.
    ("pct", roles.OFFICER, "LR", "Lyn", "Renton"),
    ("director", roles.DIRECTOR, None, "Demo", "Director"),
    ("clerk", roles.CLERK, None, "Demo", "Clerk"),
    ("admin", roles.ADMINISTRATOR, None, "Demo", "Administrator"),
)


PUBLISHED_AS_AT = date(2006, 5, 31)
REPORT_MEETING = date(2006, 6, 8)
# The board's papers went out a week before its meeting: the demo report is issued then, not
# on the day the demo happens to be loaded.
REPORT_ISSUED = datetime(2006, 6, 1, 10, 0, tzinfo=ZoneInfo("Europe/London"))


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
def load_demo(
    *,
    with_accounts: bool = False,
    with_report: bool = False,
    with_editorial: bool = False,
    through_worker: bool = False,
) -> list[str]:
    """Load the JAR 2006 plan unless it is there already; returns what was done, line by line.
    With `with_report` (and the accounts), the demo clerk issues a board report as at the
    published date, which the public page then offers. With `with_editorial`, the marked
    editorial additions (improvement.demo_editorial) come before the report and publishing.
    With `through_worker`, the report is queued for the task worker to issue, as a clerk's
    is, instead of being issued here."""
    done = []
    plan = Plan.objects.filter(slug=SLUG).first()
    if plan is not None:
        done.append(f"The plan {SLUG!r} is already loaded: left unchanged.")
    else:
        plan, result = _load_plan()
        done.append(
            f"Loaded {plan.title}: {plan.recommendations.count()} recommendations, "
            f"{Milestone.objects.filter(recommendation__plan=plan).count()} milestones, "
            f"{result.created['indicators']} performance indicators and "
            f"{result.created['risks']} risks (the source scores none of them)."
        )
    done.extend(ensure_partners(plan))
    if with_accounts:
        done.extend(ensure_demo_accounts())
    if with_editorial:
        from improvement.demo_editorial import add_editorial

        done.extend(add_editorial(plan))
    if with_report:
        done.extend(_issue_report(plan, through_worker=through_worker))
    if not plan.approvals.exists():
        done.extend(_publish(plan))
    return done


def _load_plan() -> tuple[Plan, ImportResult]:
    """The plan, its PIs and risks through the spreadsheet importer, as a council would load
    theirs, then the status history its timeline implies."""
    result = import_plan(
        read_path(DEMO_DIR),
        slug=SLUG,
        title=TITLE,
        as_at=date(2006, 1, 1),
        create_people=True,
        source="the JAR 2006 demo",
    )
    if not result.ok:
        raise ValueError("The demo plan does not import: " + "; ".join(map(str, result.errors)))
    organisation, _ = Organisation.objects.get_or_create(name=ORGANISATION)
    plan = Plan.objects.get(slug=SLUG)
    plan.organisation = organisation
    plan.description = (
        "Action for a Better Herefordshire for all Children and Young People: the response to "
        "the Joint Area Review of December 2005."
    )
    plan.source = "Herefordshire JAR Performance Improvement Action Plan, May 2006 revision."
    plan.starts_on, plan.ends_on = date(2006, 1, 1), date(2006, 12, 31)
    plan.reporting_cycle_days = 30
    plan.save()
    milestones = defaultdict(list)
    for milestone in (
        Milestone.objects.filter(recommendation__plan=plan)
        .select_related("recommendation")
        .order_by("order")
    ):
        milestones[milestone.recommendation.ref].append(milestone)
    _load_history(milestones)
    return plan, result


def _issue_report(plan: Plan, *, through_worker: bool = False) -> list[str]:
    from improvement.reports.models import BoardReport
    from improvement.reports.services import issue, starting_point
    from improvement.reports.tasks import request_issue

    if BoardReport.objects.filter(plan=plan).exists():
        return []
    clerk = get_user_model().objects.get(username="clerk")
    report = BoardReport.objects.create(
        plan=plan,
        meeting_date=REPORT_MEETING,
        as_at=PUBLISHED_AS_AT,
        created_by=clerk,
        **{**starting_point(plan), "meeting": "Improvement Board"},
    )
    if through_worker:
        task = request_issue(report, clerk, issued_at=REPORT_ISSUED)
        return [
            f"Asked the task worker to issue the board report for the Improvement Board of "
            f"{REPORT_MEETING:%-d %B %Y}: its state is at {task.get_absolute_url()}"
        ]
    issue(report, clerk, issued_at=REPORT_ISSUED)
    return [f"Issued the board report for the Improvement Board of {REPORT_MEETING:%-d %B %Y}."]


def _publish(plan: Plan) -> list[str]:
    """The demo's public page shows the plan as at its last monthly review, approved by no
    one in particular (the loader). The plan printed its leads' initials, so they are shown,
    and with them any board report issued by then."""
    from publishing.services import approve, set_publication

    set_publication(plan, published=True, show_names=True, user=None)
    approve(plan, PUBLISHED_AS_AT, user=None, note="Published with the demo.")
    return [f"Published the position as at {PUBLISHED_AS_AT:%-d %B %Y} at /public/{SLUG}/."]


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


def ensure_partners(plan: Plan) -> list[str]:
    """The plan's partner organisations (kept when the plan was loaded before they were)."""
    missing = [name for name in PARTNERS if not plan.partners.filter(name=name).exists()]
    # Added at once: one change in the plan's history.
    plan.partners.add(*(Organisation.objects.get_or_create(name=name)[0] for name in missing))
    return [f"Partner organisations: {', '.join(missing)}."] if missing else []


def ensure_demo_accounts() -> list[str]:
    """The demo log-ins, one per role and one of a partner: the officer is lead LM (Linda
    Maden) of the council, pct is lead LR (Lyn Renton) of Hereford PCT; the director and the
    clerk are the council's (a user's organisation is their person's)."""
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
        elif role != roles.ADMINISTRATOR and not Person.objects.filter(user=user).exists():
            council, _ = Organisation.objects.get_or_create(name=ORGANISATION)
            Person.objects.create(
                name=f"{first_name} {last_name}", role=role, organisation=council, user=user
            )
        lines.append(f"{role:<14} {username} / {DEMO_PASSWORD}")
    return lines
