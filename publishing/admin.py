from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from improvement.admin_site import PlanLabels
from publishing.models import Approval, Publication


@admin.register(Publication)
class PublicationAdmin(PlanLabels, SimpleHistoryAdmin):
    list_display = ["plan", "published", "show_names"]


@admin.register(Approval)
class ApprovalAdmin(PlanLabels, admin.ModelAdmin):
    """Read-only: approvals are made and withdrawn on the plan's publishing page, where each
    is recorded with who and when."""

    list_display = ["plan", "as_at", "approved_by", "approved_at", "withdrawn_at"]
    list_filter = ["plan"]
    exclude = ["position"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
