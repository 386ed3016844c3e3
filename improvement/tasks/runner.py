"""Running a BackgroundTask inside a worker: claim it, keep its heartbeat, finish it with a
plain message, and notice the ones whose worker died.

Every task function here takes the BackgroundTask's id and nothing else, so a repeated or
re-run queue entry finds the row and its state, and does nothing twice.
"""

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone

from .models import BackgroundTask

logger = logging.getLogger(__name__)

GENERIC_FAILURE = (
    "Something went wrong while doing this, and nothing was changed. Try again; if it fails "
    "again, tell your administrator and give them this task's reference: {id}."
)
WORKER_LOST = (
    "The task worker stopped while doing this (it may have been restarted or run out of "
    "memory), and nothing was changed. Try again; if it stops again, tell your administrator."
)


class TaskProblem(Exception):
    """A failure the requester can understand and act on; its message is shown as it is."""


def heartbeat_seconds() -> float:
    return float(getattr(settings, "TASK_HEARTBEAT_SECONDS", 5))


def stale_after() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "TASK_STALE_SECONDS", 60)))


class Heartbeat(threading.Thread):
    """Touches the task's row every few seconds while the task runs, from its own database
    connection, so a task whose worker was killed can be told from a long one."""

    def __init__(self, task_id):
        super().__init__(daemon=True, name=f"heartbeat-{task_id}")
        self.task_id = task_id
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(heartbeat_seconds()):
                BackgroundTask.objects.filter(
                    pk=self.task_id, state=BackgroundTask.State.RUNNING
                ).update(heartbeat=timezone.now())
        finally:
            connection.close()

    def stop(self):
        self.stopped.set()
        self.join()


def claim(task_id) -> BackgroundTask | None:
    """Mark the task running, or None when there is nothing to do: it is finished already, or
    another worker is running it and alive (a duplicate queue entry)."""
    with transaction.atomic():
        task = BackgroundTask.objects.select_for_update().filter(pk=task_id).first()
        if task is None or task.is_finished:
            return None
        now = timezone.now()
        if task.state == BackgroundTask.State.RUNNING and not is_stale(task, now):
            return None
        task.state, task.started, task.heartbeat = BackgroundTask.State.RUNNING, now, now
        task.attempts += 1
        task.save(update_fields=["state", "started", "heartbeat", "attempts"])
    return task


def finish(task: BackgroundTask, message: str = "", result: dict | None = None, **files):
    """Mark the task done. Call it inside the transaction that makes the task's change, so the
    change and "done" are committed together or not at all."""
    task.state, task.finished, task.message = BackgroundTask.State.DONE, timezone.now(), message
    task.result = result or {}
    fields = ["state", "finished", "message", "result"]
    for name, content in files.items():
        getattr(task, name).save(content.name, content, save=False)
        fields.append(name)
    task.save(update_fields=fields)


def fail(task_id, message: str) -> None:
    BackgroundTask.objects.filter(pk=task_id).exclude(state=BackgroundTask.State.DONE).update(
        state=BackgroundTask.State.FAILED, finished=timezone.now(), message=message
    )


def run(task_id, work: Callable[[BackgroundTask], None]) -> str:
    """Run `work(task)` for the task as its one attempt: `work` calls finish() itself (inside
    its own transaction) or returns and the task is marked done with no message. A TaskProblem
    fails it with its message; anything else with a plain message and the traceback in the
    log and django-tasks-db's own row, never on the page. Returns the task's final state."""
    task = claim(task_id)
    if task is None:
        return "skipped"
    heartbeat = Heartbeat(task.pk)
    heartbeat.start()
    try:
        work(task)
    except TaskProblem as problem:
        fail(task.pk, str(problem))
        raise
    except BaseException:
        logger.exception("Task %s (%s) failed", task.pk, task.kind)
        fail(task.pk, GENERIC_FAILURE.format(id=task.pk))
        raise
    finally:
        heartbeat.stop()
    task.refresh_from_db(fields=["state"])
    if task.state != BackgroundTask.State.DONE:
        with transaction.atomic():
            finish(task)
    return task.state


def is_stale(task: BackgroundTask, now=None) -> bool:
    now = now or timezone.now()
    return (
        task.state == BackgroundTask.State.RUNNING
        and task.heartbeat is not None
        and task.heartbeat < now - stale_after()
    )


def recover_if_stale(task: BackgroundTask) -> BackgroundTask:
    """Fail a task whose worker stopped beating (killed, or its machine lost), and its queue
    row with it, so the page says so and the work can be started again."""
    if not is_stale(task):
        return task
    updated = BackgroundTask.objects.filter(
        pk=task.pk, state=BackgroundTask.State.RUNNING, heartbeat=task.heartbeat
    ).update(state=BackgroundTask.State.FAILED, finished=timezone.now(), message=WORKER_LOST)
    if updated and task.queue_id:
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(pk=task.queue_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path="improvement.tasks.runner.WorkerLost",
            traceback="The worker stopped beating; it was killed or lost mid-task.",
        )
    task.refresh_from_db()
    return task


def active(queryset):
    """The queued and running tasks of a queryset, after failing any whose worker died."""
    tasks = list(
        queryset.filter(state__in=[BackgroundTask.State.QUEUED, BackgroundTask.State.RUNNING])
    )
    return [task for task in map(recover_if_stale, tasks) if not task.is_finished]


def enqueue(task_function, task: BackgroundTask) -> BackgroundTask:
    """Queue `task_function(task.id)` and remember the queue row. Inside the caller's
    transaction: the worker cannot see the row before the task is committed."""
    queued = task_function.enqueue(str(task.pk))
    task.queue_id = str(queued.id)
    task.save(update_fields=["queue_id"])
    return task
