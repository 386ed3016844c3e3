import django_filters
from django import forms

from improvement.models import Person, Theme
from improvement.status import Status
from recommendations.forms import DateInput
from recommendations.models import Milestone, Recommendation


class MilestoneFilterSet(django_filters.FilterSet):
    """Filters for a plan's milestone table. Status and overdue are as at the page's date
    (annotated by MilestoneQuerySet.with_effective_status)."""

    theme = django_filters.ModelChoiceFilter(
        field_name="recommendation__theme",
        queryset=Theme.objects.none(),
        empty_label="Any theme",
        label="Theme",
    )
    recommendation = django_filters.ModelChoiceFilter(
        queryset=Recommendation.objects.none(),
        empty_label="Any recommendation",
        label="Recommendation",
    )
    lead = django_filters.ModelChoiceFilter(
        field_name="lead_links__person",
        queryset=Person.objects.none(),
        empty_label="Any lead",
        label="Lead",
        distinct=True,
    )
    status = django_filters.ChoiceFilter(
        field_name="effective_status",
        choices=[(s.value, s.label) for s in Status],
        empty_label="Any status",
        label="Status",
    )
    overdue = django_filters.BooleanFilter(
        field_name="overdue",
        label="Overdue only",
        widget=forms.CheckboxInput,
        method="filter_overdue",
    )
    due_from = django_filters.DateFilter(
        field_name="effective_due", lookup_expr="gte", label="Due from", widget=DateInput()
    )
    due_to = django_filters.DateFilter(
        field_name="effective_due", lookup_expr="lte", label="Due by", widget=DateInput()
    )

    class Meta:
        model = Milestone
        fields = ()

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["theme"].queryset = Theme.objects.filter(plan=plan)
        self.filters["recommendation"].queryset = Recommendation.objects.filter(plan=plan)
        self.filters["lead"].queryset = Person.objects.filter(
            lead_links__milestone__recommendation__plan=plan
        ).distinct()

    def filter_overdue(self, queryset, name, value):
        # An unticked box means "any", not "only those not overdue".
        return queryset.filter(overdue=True) if value else queryset
