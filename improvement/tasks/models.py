"""Work done off the request by a `db_worker` process, as its requester sees it.

django-tasks-db keeps its own queue row (DBTaskResult: claimed, run, successful or failed).
This row adds what a person needs: which plan and report it is for, who asked, a plain
message (never a traceback), the result to link to, and a heartbeat, because a worker killed
mid-task leaves the queue row RUNNING for ever (django-tasks-db has no recovery of its own).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from improvement.models import Plan


class BackgroundTask(models.Model):
    class Kind(models.TextChoices):
        REPORT_PREVIEW = "report_preview", "PDF preview of a report"
        REPORT_ISSUE = "report_issue", "Issuing a report"
        PLAN_IMPORT = "plan_import", "Importing a plan"
        PLAN_IMPORT_PREVIEW = "plan_import_preview", "Checking a plan import"
        SEND_REMINDERS = "send_reminders", "Sending reminders"
        BOARD_REPORT = "board_report", "Scheduled board report"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="background_tasks"
    )
    report = models.ForeignKey(
        "reports.BoardReport",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="background_tasks",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    result_file = models.FileField(upload_to="tasks/%Y/", blank=True)
    message = models.TextField(blank=True)
    queue_id = models.CharField(
        max_length=64, blank=True, help_text="The id of django-tasks-db's queue row."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["report", "kind", "state"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_state_display().lower()})"

    def get_absolute_url(self):
        return reverse("task_detail", kwargs={"slug": self.plan_slug, "pk": self.pk})

    @property
    def plan_slug(self) -> str:
        """The plan's, or for the import of a new plan the one it is to have."""
        return self.plan.slug if self.plan_id else self.params["slug"]

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
