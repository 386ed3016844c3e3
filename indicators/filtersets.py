import django_filters
from django.utils.functional import cached_property

from improvement.filters import LabelledChoiceFilter
from indicators.models import Indicator
from indicators.rag import DIRECTION_ORDER, NO_RAG, NO_RAG_LABEL, RAG_ORDER
from indicators.snapshot import indicator_rows
from recommendations.models import Recommendation


class IndicatorFilterSet(django_filters.FilterSet):
    """Filters for a plan's PI table. RAG and direction are as at the page's date; they are
    computed in Python (indicators.rag), once, for the plan's indicators."""

    recommendation = LabelledChoiceFilter(
        field_name="recommendations",
        queryset=Recommendation.objects.none(),
        empty_label="Any recommendation",
        label="Recommendation",
        distinct=True,
    )
    rag = django_filters.ChoiceFilter(
        choices=[(r.value, f"{r.colour} ({r.label.lower()})") for r in RAG_ORDER]
        + [(NO_RAG, NO_RAG_LABEL)],
        empty_label="Any RAG",
        label="RAG",
        method="filter_by_state",
    )
    direction = django_filters.ChoiceFilter(
        choices=[(d.value, d.label) for d in DIRECTION_ORDER] + [(NO_RAG, "Not known")],
        empty_label="Any direction",
        label="Direction of travel",
        method="filter_by_state",
    )
    polarity = django_filters.ChoiceFilter(
        field_name="higher_is_better",
        choices=[
            ("higher", "Higher is better"),
            ("lower", "Lower is better"),
            ("unknown", "Not known"),
        ],
        empty_label="Any polarity",
        label="Polarity",
        method="filter_polarity",
    )

    class Meta:
        model = Indicator
        fields = ()

    def __init__(self, *args, plan, as_at, **kwargs):
        super().__init__(*args, **kwargs)
        self.as_at = as_at
        self.filters["recommendation"].queryset = Recommendation.objects.filter(plan=plan)

    @cached_property
    def states(self):
        return {
            row.indicator.pk: row.state
            for row in indicator_rows(self.queryset.prefetch_related("measurements"), self.as_at)
        }

    def filter_by_state(self, queryset, name, value):
        key = "rag_key" if name == "rag" else "direction_key"
        wanted = [pk for pk, state in self.states.items() if getattr(state, key) == value]
        return queryset.filter(pk__in=wanted)

    def filter_polarity(self, queryset, name, value):
        if value == "unknown":
            return queryset.filter(higher_is_better__isnull=True)
        return queryset.filter(higher_is_better=value == "higher")
