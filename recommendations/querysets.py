"""The one place where milestone and recommendation queries are shaped for pages."""

from datetime import date, timedelta

from django.db import connections, models
from django.db.models import BooleanField, Case, F, Prefetch, Q, Value, When, Window
from django.db.models.functions import Coalesce, FirstValue, RowNumber
from django.db.models.sql.constants import LOUTER
from django_cte import CTE, with_cte

from improvement.status import SEVERITY, Status

# The order of recording breaks ties between updates as at the same date; the index
# statusupdate_latest_idx follows it.
LATEST_FIRST = ("-as_at", "-created", "-pk")


def latest_updates_as_at(updates, milestone_ids, as_at: date):
    """One row of values per milestone among `milestone_ids` with an update as at the date: its
    latest update's status, as_at, sign_off and comment, and `revised_due`, the latest revised
    due date among those updates (a later report that revises nothing keeps it).

    One pass over the history: DISTINCT ON on PostgreSQL, a window function elsewhere.
    """
    latest_first = [F(name[1:]).desc() for name in LATEST_FIRST]
    by_milestone = {"partition_by": F("milestone_id")}
    revisions_first = Case(When(revised_due_date__isnull=True, then=Value(1)), default=Value(0))
    updates = updates.filter(milestone_id__in=milestone_ids, as_at__lte=as_at).annotate(
        revised_due=Window(
            FirstValue("revised_due_date"),
            order_by=[revisions_first.asc(), *latest_first],
            **by_milestone,
        )
    )
    if connections[updates.db].vendor == "postgresql":
        updates = updates.order_by("milestone_id", *LATEST_FIRST).distinct("milestone_id")
    else:
        updates = (
            updates.annotate(row=Window(RowNumber(), order_by=latest_first, **by_milestone))
            .filter(row=1)
            .order_by()
        )
    return updates.values("milestone_id", "status", "as_at", "sign_off", "comment", "revised_due")


# "Due soon" on dashboards and in the milestone table's filter: within this many days.
SOON_DAYS = 30


def open_q(as_at: date, prefix: str = "") -> Q:
    """The SQL twin of improvement.status.is_open_as_at for a row's `added_on` and
    `closed_on`."""
    added = Q(**{f"{prefix}added_on__isnull": True}) | Q(**{f"{prefix}added_on__lte": as_at})
    closed = Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": as_at})
    return added & closed


class RecommendationQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return self.filter(plan=plan).select_related("theme")

    def open_as_at(self, as_at: date):
        """Recommendations that count in the figures as at the date (added and not closed)."""
        return self.filter(open_q(as_at))


class MilestoneQuerySet(models.QuerySet):
    def open_as_at(self, as_at: date):
        """Milestones that count in the figures as at the date: neither they nor their
        recommendation added after it or closed on or before it. Every count and roll-up
        reads through this."""
        return self.filter(open_q(as_at), open_q(as_at, "recommendation__"))

    def closed_as_at(self, as_at: date):
        """The milestones open_as_at leaves out."""
        return self.filter(Q(closed_on__lte=as_at) | Q(recommendation__closed_on__lte=as_at))

    def with_related(self):
        """Everything a milestone row shows, in a fixed number of queries."""
        from recommendations.models import MilestoneLead

        return self.select_related(
            "recommendation__theme", "recommendation__plan", "outcome"
        ).prefetch_related(
            Prefetch(
                "lead_links",
                queryset=MilestoneLead.objects.select_related("person").order_by("order"),
            )
        )

    def with_status_as_at(self, as_at: date):
        """Annotate `reported_status`, `reported_on`, `reported_sign_off`, `reported_comment`
        and `revised_due_as_at` from the updates with as_at <= the date (the latest wins; ties are
        broken by the order of recording); not started when there is none.

        The latest updates come from one pass over the status history (latest_updates_as_at),
        joined once, so the effective status and every filter or sort on it read plain columns
        rather than repeating a subquery per milestone per use.
        """
        from recommendations.models import StatusUpdate

        rows = latest_updates_as_at(StatusUpdate.objects.all(), self.values("pk"), as_at)
        latest = CTE(rows, name="latest")
        joined = latest.join(self, id=latest.col.milestone_id, _join_type=LOUTER)
        return with_cte(latest, select=joined).annotate(
            reported_status=Coalesce(latest.col.status, Value(Status.NOT_STARTED.value)),
            reported_on=latest.col.as_at,
            reported_sign_off=latest.col.sign_off,
            reported_comment=latest.col.comment,
            # A revision counts from its update's as-at date: a later revision must not rewrite
            # what an earlier report said was due.
            revised_due_as_at=latest.col.revised_due,
        )

    def with_effective_status(self, as_at: date):
        """Annotate `effective_status`, `overdue`, `effective_due`, `undated` and `status_rank`
        (worst first) as at the date, so lists can filter and sort on them in the database.

        This is the SQL twin of improvement.status.effective_status; a test checks that the
        two agree on every combination.
        """
        complete, requested = Status.COMPLETE.value, "requested"
        late = ~Q(reported_status=complete) & Q(effective_due__lt=as_at)
        awaiting = Q(reported_status=complete, reported_sign_off=requested)
        return (
            self.with_status_as_at(as_at)
            .annotate(effective_due=Coalesce("revised_due_as_at", "due_date"))
            .annotate(
                # Sorting by due date puts undated milestones last on every database.
                undated=Case(
                    When(effective_due__isnull=True, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
            .annotate(
                effective_status=Case(
                    When(awaiting, then=Value(Status.ON_TRACK.value)),
                    When(late, then=Value(Status.OFF_TRACK.value)),
                    default=F("reported_status"),
                ),
                overdue=Case(
                    When(awaiting, then=Value(False)),
                    When(late, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
            )
            .annotate(
                status_rank=Case(
                    *[
                        When(effective_status=status.value, then=Value(rank))
                        for rank, status in enumerate(SEVERITY)
                    ],
                    default=Value(len(SEVERITY)),
                )
            )
        )

    # SQL twins of the dashboard's lists (improvement.dashboard), on with_effective_status():
    # the dashboard links each list to the milestone table filtered by these.
    def due_soon(self, as_at: date, days: int = SOON_DAYS):
        """Open (not reported complete), due after the date and within `days` of it."""
        horizon = as_at + timedelta(days=days)
        return self.exclude(reported_status=Status.COMPLETE.value).filter(
            effective_due__gt=as_at, effective_due__lte=horizon
        )

    def stale(self, as_at: date, cycle_days: int):
        """Open, with no update within the reporting cycle up to the date (or none at all)."""
        cutoff = as_at - timedelta(days=cycle_days)
        return self.exclude(reported_status=Status.COMPLETE.value).filter(
            Q(reported_on__isnull=True) | Q(reported_on__lt=cutoff)
        )

    def awaiting_sign_off(self):
        return self.filter(reported_status=Status.COMPLETE.value, reported_sign_off="requested")
