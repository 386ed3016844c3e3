"""The one place where risk queries are shaped for pages, summaries and exports."""

from datetime import date

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

ASSESSED = ("likelihood", "severity", "residual_likelihood", "residual_severity")


class RiskQuerySet(models.QuerySet):
    def with_related(self):
        """Everything a register row shows: the owner and the linked recommendations."""
        from recommendations.models import Recommendation

        return self.select_related("owner", "plan").prefetch_related(
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.only("pk", "ref", "ref_sort", "plan_id").order_by(
                    "ref_sort"
                ),
            )
        )

    def with_assessment(self, as_at: date):
        """Annotate the assessment in force at the date (the latest review on or before it,
        else the risk's first assessment):

        - `likelihood_as_at`, `severity_as_at`, `residual_likelihood_as_at`,
          `residual_severity_as_at`, `review_date_as_at`, `reviewed_on` (None if never);
        - `score`, `residual_score` (None when unscored) and `rated_score`, the residual score
          where there is one, else the inherent one: the score a risk "stands at";
        - `is_open` and `review_overdue` as at the date;
        - `score_sort` and `residual_sort`, the scores with unscored as 0, for sorting alike on
          every database.

        Bands are not annotated: they come from the plan's matrix through risks.bands.
        """
        from risks.models import RiskReview

        latest = RiskReview.objects.filter(risk=OuterRef("pk"), reviewed_on__lte=as_at).order_by(
            "-reviewed_on", "-created", "-pk"
        )
        reviewed = Q(reviewed_on__isnull=False)
        as_at_values = {
            f"{name}_as_at": Case(
                When(reviewed, then=Subquery(latest.values(name)[:1])), default=F(name)
            )
            for name in ASSESSED
        }
        return (
            self.annotate(reviewed_on=Subquery(latest.values("reviewed_on")[:1]))
            .annotate(
                **as_at_values,
                review_date_as_at=Case(
                    When(reviewed, then=Subquery(latest.values("next_review_on")[:1])),
                    default=F("review_date"),
                ),
                is_open=Case(
                    When(Q(closed_on__isnull=True) | Q(closed_on__gt=as_at), then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
            )
            .annotate(
                score=F("likelihood_as_at") * F("severity_as_at"),
                residual_score=F("residual_likelihood_as_at") * F("residual_severity_as_at"),
                review_overdue=Case(
                    When(is_open=True, review_date_as_at__lt=as_at, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
            )
            .annotate(
                rated_score=Coalesce("residual_score", "score"),
                score_sort=Coalesce("score", Value(0)),
                residual_sort=Coalesce("residual_score", Value(0)),
            )
        )

    def open_as_at(self, as_at: date):
        return self.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=as_at))
