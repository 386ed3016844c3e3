from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from improvement.admin_site import PlanLabels

from .models import BoardReport


@admin.register(BoardReport)
class BoardReportAdmin(PlanLabels, SimpleHistoryAdmin):
    list_display = ["title", "plan", "meeting", "meeting_date", "as_at", "state", "issued_at"]
    list_filter = ["state", "plan"]
    search_fields = ["title", "meeting"]
    # What issuing stores, and the report a draft's narrative was carried over from, are
    # written by the app alone.
    readonly_fields = [
        "state",
        "issued_by",
        "issued_at",
        "pdf",
        "sha256",
        "docx",
        "docx_sha256",
        "carried_from",
        "created_by",
        "version",
    ]

    def has_change_permission(self, request, obj=None):
        # An issued report is a record of what was sent: nobody edits it, here either.
        if obj is not None and obj.is_issued:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_issued:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        # The bulk "delete selected" action must spare issued reports too.
        queryset.filter(state=BoardReport.State.DRAFT).delete()
