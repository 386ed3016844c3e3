"""The one place where indicator queries are shaped for pages."""

from django.db import models
from django.db.models import Prefetch


class IndicatorQuerySet(models.QuerySet):
    def with_related(self):
        """Everything an indicator row shows (owner, figures oldest first, recommendations in
        natural order) in three queries, however many indicators."""
        from indicators.models import Measurement
        from recommendations.models import Recommendation

        return self.select_related("plan", "owner").prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("period_end")),
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("ref_sort")),
        )
