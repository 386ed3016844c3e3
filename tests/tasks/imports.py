"""A checked import as the task worker leaves it, for tests that need one to look at."""

from django.core.files.uploadedfile import SimpleUploadedFile

from improvement.spreadsheets import tasks, views
from improvement.tasks import runner
from improvement.tasks.models import BackgroundTask
from tests.improvement.test_spreadsheets import HEADER, row


def checked_import(plan, user, content: bytes | None = None) -> BackgroundTask:
    """The dry run of a plan.csv for ``plan``, queued and run as the worker runs it."""
    content = content or (HEADER + "\n" + row() + "\n").encode()
    options = {"slug": plan.slug, "title": "", "as_at": "2026-01-01", "create_people": True}
    stash = views._stash(SimpleUploadedFile("plan.csv", content), options)
    queued = tasks.request_preview(views._sign(stash), stash, plan, user)
    runner.run(queued.pk, tasks._preview)
    queued.refresh_from_db()
    return queued
