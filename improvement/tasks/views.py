"""A background task's page: its state, refreshing itself until it is finished, then a link
to its result, or a plain reason and what to do."""

from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from improvement.access import readable_plans

from . import permissions, runner
from .models import BackgroundTask

# Seconds between the page's own refreshes while the task is queued or running.
REFRESH_SECONDS = 3


def _task(user, slug: str, pk) -> BackgroundTask:
    """The task of this plan's address, or 404 where the user may not read the plan (another
    council's task is not told to exist). A new plan's import has no plan until it is done: it
    goes by the slug it will have, and permissions.can_see decides who sees it."""
    return get_object_or_404(
        BackgroundTask.objects.select_related("plan", "report", "requested_by").filter(
            Q(plan__slug=slug, plan__in=readable_plans(user))
            | Q(plan__isnull=True, params__slug=slug)
        ),
        pk=pk,
    )


def visible_task(user, slug: str, pk) -> BackgroundTask:
    """The task, to one who may see it (404 for another plan's, 403 for one's own plan's
    task that is not one's to see), its state brought up to date."""
    task = _task(user, slug, pk)
    permissions.require_can_see(user, task)
    return runner.recover_if_stale(task)


def task_detail(request, slug, pk):
    task = visible_task(request.user, slug, pk)
    response = render(
        request,
        "tasks/task_detail.html",
        {"plan": task.plan, "task": task, "refresh": REFRESH_SECONDS},
    )
    response["Cache-Control"] = "no-store"
    return response


def task_file(request, slug, pk):
    """The file a finished task made (a report's PDF preview), to those who may see it."""
    task = _task(request.user, slug, pk)
    permissions.require_can_see(request.user, task)
    if task.state != BackgroundTask.State.DONE or not task.result_file:
        raise Http404("This task has no file.")
    response = FileResponse(task.result_file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{task.result_file.name.rsplit("/", 1)[-1]}"'
    )
    response["Cache-Control"] = "no-store"
    return response
