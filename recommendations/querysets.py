"""The one place where milestone and recommendation queries are shaped for pages."""

from datetime import date

from django.db import models
from django.db.models import OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce

from improvement.status import Status


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
        """Annotate `reported_status`, `reported_on` and `reported_sign_off` from the latest
        update with as_at <= the date (ties broken by the order of recording); not started when
        there is none."""
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
        )
