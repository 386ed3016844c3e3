"""The one place where milestone and recommendation queries are shaped for pages."""

from datetime import date

from django.db import models
from django.db.models import BooleanField, Case, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from improvement.status import SEVERITY, Status


class RecommendationQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return self.filter(plan=plan).select_related("theme")


class MilestoneQuerySet(models.QuerySet):
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
        broken by the order of recording); not started when there is none."""
        from recommendations.models import StatusUpdate

        latest = StatusUpdate.objects.filter(milestone=OuterRef("pk"), as_at__lte=as_at).order_by(
            "-as_at", "-created", "-pk"
        )
        return self.annotate(
            reported_status=Coalesce(
                Subquery(latest.values("status")[:1]), Value(Status.NOT_STARTED.value)
            ),
            reported_on=Subquery(latest.values("as_at")[:1]),
            reported_sign_off=Subquery(latest.values("sign_off")[:1]),
            reported_comment=Subquery(latest.values("comment")[:1]),
            # A revision counts from its update's as-at date: a later revision must not rewrite
            # what an earlier report said was due.
            revised_due_as_at=Subquery(
                latest.filter(revised_due_date__isnull=False).values("revised_due_date")[:1]
            ),
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
