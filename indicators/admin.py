from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from improvement.admin_site import PlanLabels
from indicators.models import Indicator, IndicatorRecommendation, Measurement


class IndicatorRecommendationInline(PlanLabels, admin.TabularInline):
    model = IndicatorRecommendation
    extra = 0
    autocomplete_fields = ["recommendation"]


class MeasurementInline(PlanLabels, admin.TabularInline):
    """Figures as written; the period end and the numbers are read from them on saving."""

    model = Measurement
    extra = 0
    fields = ["period", "period_end", "actual", "target", "comparator", "comparator_label"]
    readonly_fields = ["period_end"]


@admin.register(Indicator)
class IndicatorAdmin(PlanLabels, SimpleHistoryAdmin):
    list_display = ["ref", "definition", "plan", "unit", "higher_is_better", "owner"]
    list_filter = ["plan", "higher_is_better"]
    search_fields = ["ref", "definition"]
    list_select_related = ["plan", "owner"]
    autocomplete_fields = ["owner"]
    inlines = [IndicatorRecommendationInline, MeasurementInline]


@admin.register(Measurement)
class MeasurementAdmin(PlanLabels, SimpleHistoryAdmin):
    list_display = ["indicator", "period", "period_end", "actual", "target", "comparator"]
    list_filter = ["indicator__plan"]
    search_fields = ["indicator__ref", "period"]
    list_select_related = ["indicator"]
    readonly_fields = ["period_end", "actual_number", "target_number", "comparator_number"]
    autocomplete_fields = ["indicator"]
