from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export.views import ExportMixin

from improvement.access import manages_plan, readable_plans, require_manages_plan
from improvement.asat import PlanListMixin, as_at_from
from indicators import permissions
from indicators.charts import trend_chart
from indicators.filtersets import IndicatorFilterSet
from indicators.forms import IndicatorSettingsForm, MeasurementForm
from indicators.history import figure_changes
from indicators.models import Indicator, Measurement
from indicators.rag import RAG_ORDER, rag
from indicators.services import (
    DuplicatePeriod,
    change_settings,
    save_measurement,
    settings_changes,
)
from indicators.snapshot import indicator_rows, state_of
from indicators.summary import rag_counts
from indicators.tables import IndicatorTable


def get_indicator(user, slug: str, ref: str) -> Indicator:
    """The indicator of this plan's address, or 404 where the user may not read the plan."""
    return get_object_or_404(
        Indicator.objects.with_related(),
        plan__slug=slug,
        plan__in=readable_plans(user),
        ref=ref,
    )


class IndicatorListView(PlanListMixin, ExportMixin, SingleTableMixin, FilterView):
    """A plan's PIs as at a date: sortable, filterable, and exported exactly as filtered with
    ?_export=csv or ?_export=xlsx."""

    table_class = IndicatorTable
    filterset_class = IndicatorFilterSet
    template_name = "indicators/indicator_list.html"
    paginate_by = 50
    export_formats = ("csv", "xlsx")

    def get_queryset(self):
        return Indicator.objects.filter(plan=self.plan)

    def get_filterset_kwargs(self, filterset_class):
        return {
            **super().get_filterset_kwargs(filterset_class),
            "plan": self.plan,
            "as_at": self.as_at,
        }

    def get_table_data(self):
        # RAG and direction are computed in Python, so the table sorts a list of rows. They
        # are kept, as an export builds the table a second time.
        if not hasattr(self, "rows"):
            self.rows = indicator_rows(self.object_list.with_related(), self.as_at)
        return list(self.rows)

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        table.caption = f"Performance indicators of {self.plan.title} as at {self.as_at:%-d %b %Y}"
        return table

    def get_export_filename(self, export_format):
        return f"{self.plan.slug}-indicators-{self.as_at:%Y-%m-%d}.{export_format}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {
            **context,
            "rag_counts": rag_counts(list(context["table"].data)),
            "rags": RAG_ORDER,
        }


def indicator_detail(request, slug, ref):
    as_at, as_at_form = as_at_from(request)
    indicator = get_indicator(request.user, slug, ref)
    state = state_of(indicator, as_at)
    # The chart and the table, like the summary, stop at the as-at date.
    measurements = list(state.history)
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "plan": indicator.plan,
            "indicator": indicator,
            "state": state,
            "chart": trend_chart(indicator.ref, indicator.unit, measurements),
            "later_periods": len(indicator.measurements.all()) - len(measurements),
            "figures": [
                (
                    m,
                    rag(
                        m.actual_number,
                        m.target_number,
                        indicator.higher_is_better,
                        indicator.amber_tolerance,
                    ),
                )
                for m in measurements
            ],
            "as_at": as_at,
            "as_at_form": as_at_form,
            "can_enter_figures": permissions.can_enter_figures(request.user, indicator),
            "can_change_settings": manages_plan(request.user, indicator.plan),
            "changes": figure_changes(indicator),
            "rags": RAG_ORDER,
        },
    )


@require_http_methods(["GET", "POST"])
def measurement_create(request, slug, ref):
    return _measurement_form(request, get_indicator(request.user, slug, ref), None)


@require_http_methods(["GET", "POST"])
def measurement_update(request, slug, ref, pk):
    indicator = get_indicator(request.user, slug, ref)
    measurement = get_object_or_404(Measurement, pk=pk, indicator=indicator)
    return _measurement_form(request, indicator, measurement)


def _measurement_form(request, indicator: Indicator, measurement: Measurement | None):
    """Add a period's figures (measurement None) or correct them, for the indicator's owner
    and the plan's managers."""
    permissions.require_can_enter_figures(request.user, indicator)
    form = MeasurementForm(request.POST or None, indicator=indicator, measurement=measurement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = save_measurement(
                indicator,
                period=data["period"],
                actual=data["actual"],
                target=data["target"],
                comparator=data["comparator"],
                comparator_label=data["comparator_label"],
                note=data["note"],
                author=request.user,
                reason=data.get("reason", ""),
                measurement=measurement,
            )
        except DuplicatePeriod as duplicate:
            form.add_error("period", f"{duplicate}: correct those instead")
        else:
            verb = "corrected" if measurement else "added"
            messages.success(request, f"{indicator.ref}: figures for {saved.period} {verb}.")
            return redirect(indicator.get_absolute_url())
    return render(
        request,
        "indicators/measurement_form.html",
        {
            "plan": indicator.plan,
            "indicator": indicator,
            "measurement": measurement,
            "form": form,
            "can_change_settings": manages_plan(request.user, indicator.plan),
        },
    )


@require_http_methods(["GET", "POST"])
def indicator_settings(request, slug, ref):
    """How the indicator is set up (which way is better, amber tolerance, owner, linked
    recommendations, definition and unit), for the plan's managers only: the owner enters the
    figures, the plan's managers set the indicator up."""
    indicator = get_indicator(request.user, slug, ref)
    require_manages_plan(request.user, indicator.plan)
    form = IndicatorSettingsForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = change_settings(
            indicator,
            definition=data["definition"],
            unit=data["unit"],
            higher_is_better=data["polarity"],
            amber_tolerance=data["amber_tolerance"],
            owner=data["owner"],
            recommendations=data["recommendations"],
            author=request.user,
            reason=data["reason"],
        )
        if changed:
            messages.success(
                request, f"{indicator.ref}: settings saved ({', '.join(changed)} changed)."
            )
        else:
            messages.info(request, f"{indicator.ref}: nothing was changed.")
        return redirect(indicator.get_absolute_url())
    return render(
        request,
        "indicators/indicator_settings.html",
        {
            "plan": indicator.plan,
            "indicator": indicator,
            "form": form,
            "changes": settings_changes(indicator),
        },
    )
