import django_filters
from django import forms

from improvement.filters import LabelledChoiceFilter
from improvement.models import Person, Theme
from improvement.status import Status
from improvement.widgets import DateInput
from recommendations.models import Milestone, Recommendation
from recommendations.querysets import SOON_DAYS


class MilestoneFilterSet(django_filters.FilterSet):
    """Filters for a plan's milestone table. Status and overdue are as at the page's date
    (annotated by MilestoneQuerySet.with_effective_status)."""

    theme = django_filters.ModelChoiceFilter(
        field_name="recommendation__theme",
        queryset=Theme.objects.none(),
        empty_label="Any theme",
        label="Theme",
    )
    recommendation = LabelledChoiceFilter(
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
    # The dashboard's lists, each linked from its "and N more".
    due_soon = django_filters.BooleanFilter(
        label=f"Due in the next {SOON_DAYS} days",
        widget=forms.CheckboxInput,
        method="filter_due_soon",
    )
    stale = django_filters.BooleanFilter(
        label="Not updated within the reporting cycle",
        widget=forms.CheckboxInput,
        method="filter_stale",
    )
    awaiting_sign_off = django_filters.BooleanFilter(
        label="Awaiting sign-off", widget=forms.CheckboxInput, method="filter_awaiting_sign_off"
    )
    # Closed milestones have left the figures; the table shows them when asked.
    closed = django_filters.ChoiceFilter(
        choices=[("closed", "Closed only"), ("all", "Open and closed")],
        empty_label="Open only",
        label="Open or closed",
        method="filter_closed",
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

    def __init__(self, *args, plan, as_at, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.as_at = plan, as_at
        self.filters["theme"].queryset = Theme.objects.filter(plan=plan)
        self.filters["recommendation"].queryset = Recommendation.objects.filter(plan=plan)
        self.filters["lead"].queryset = Person.objects.filter(
            lead_links__milestone__recommendation__plan=plan
        ).distinct()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # The filter's empty choice (open only) is the default, so it is applied here rather
        # than by filter_closed, which django-filter skips for an empty value.
        if not self.form.cleaned_data.get("closed"):
            queryset = queryset.open_as_at(self.as_at)
        return queryset

    def filter_closed(self, queryset, name, value):
        if value == "closed":
            return queryset.closed_as_at(self.as_at)
        return queryset

    def filter_overdue(self, queryset, name, value):
        # An unticked box means "any", not "only those not overdue".
        return queryset.filter(overdue=True) if value else queryset

    def filter_due_soon(self, queryset, name, value):
        return queryset.due_soon(self.as_at) if value else queryset

    def filter_stale(self, queryset, name, value):
        return queryset.stale(self.as_at, self.plan.reporting_cycle_days) if value else queryset

    def filter_awaiting_sign_off(self, queryset, name, value):
        return queryset.awaiting_sign_off() if value else queryset
