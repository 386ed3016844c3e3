from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from improvement.admin_site import PlanLabels
from recommendations.models import (
    Milestone,
    MilestoneLead,
    Outcome,
    Recommendation,
    StatusUpdate,
)


@admin.register(Recommendation)
class RecommendationAdmin(PlanLabels, admin.ModelAdmin):
    list_display = ["ref", "plan", "theme", "timescale"]
    list_filter = ["plan", "theme"]
    search_fields = ["ref", "text"]
    ordering = ["plan", "ref_sort"]


@admin.register(Outcome)
class OutcomeAdmin(PlanLabels, admin.ModelAdmin):
    list_display = ["__str__", "recommendation"]
    list_filter = ["recommendation__plan"]
    search_fields = ["text"]


class MilestoneLeadInline(PlanLabels, admin.TabularInline):
    model = MilestoneLead
    extra = 0
    autocomplete_fields = ["person"]


class StatusUpdateInline(PlanLabels, admin.TabularInline):
    """The history, shown but never edited: updates are append-only."""

    model = StatusUpdate
    extra = 0
    fields = ["as_at", "status", "comment", "evidence", "author", "created"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Milestone)
class MilestoneAdmin(PlanLabels, SimpleHistoryAdmin):
    list_display = ["__str__", "text", "due_text", "due_date", "revised_due_date", "status"]
    list_filter = ["recommendation__plan", "status"]
    search_fields = ["text", "ref", "recommendation__ref"]
    list_select_related = ["recommendation"]
    # Revised dates come from status updates (with a reason and an as-at date), so that a
    # report as at an earlier date keeps the due date it had then.
    readonly_fields = ["status", "status_as_at", "revised_due_date", "awaiting_sign_off", "version"]
    inlines = [MilestoneLeadInline, StatusUpdateInline]


@admin.register(StatusUpdate)
class StatusUpdateAdmin(PlanLabels, admin.ModelAdmin):
    list_display = ["milestone", "status", "as_at", "author", "created"]
    list_filter = ["status", "milestone__recommendation__plan"]
    list_select_related = ["milestone__recommendation", "author"]
    date_hierarchy = "as_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
