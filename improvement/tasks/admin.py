from django.contrib import admin

from .models import BackgroundTask


@admin.register(BackgroundTask)
class BackgroundTaskAdmin(admin.ModelAdmin):
    """Read-only: where an administrator reads what a queued command printed, or why a task
    failed (the traceback itself is on django-tasks-db's own row)."""

    list_display = ["created", "kind", "plan", "state", "requested_by", "finished"]
    list_filter = ["kind", "state"]
    list_select_related = ["plan", "requested_by"]
    readonly_fields = [field.name for field in BackgroundTask._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
