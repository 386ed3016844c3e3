from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from publishing.models import Approval, Publication


@admin.register(Publication)
class PublicationAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "published", "show_names"]


@admin.register(Approval)
class ApprovalAdmin(admin.ModelAdmin):
    """Read-only: approvals are made and withdrawn on the plan's publishing page, where each
    is recorded with who and when."""

    list_display = ["plan", "as_at", "approved_by", "approved_at", "withdrawn_at"]
    list_filter = ["plan"]
    exclude = ["position"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
