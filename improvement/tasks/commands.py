"""Management commands that a schedule runs (cron, a systemd timer) can queue themselves for
the task worker with `--queue` instead of doing the work in the scheduler's process: the
command returns at once and the worker keeps the command's output on the task."""

import io

from django.core.management import call_command
from django.db import transaction
from django.tasks import task

from . import runner
from .models import BackgroundTask

# The commands that may be queued, and the kind of task each is: never any other command.
QUEUEABLE = {
    "send_reminders": BackgroundTask.Kind.SEND_REMINDERS,
    "board_report": BackgroundTask.Kind.BOARD_REPORT,
}


def add_queue_argument(parser) -> None:
    parser.add_argument(
        "--queue",
        action="store_true",
        help="Queue this run for the task worker (manage.py db_worker) and return at once; "
        "the worker keeps the output on the task (see the admin's Background tasks).",
    )


def queue_command(name: str, argv: list[str], *, plan=None) -> BackgroundTask:
    """Queue `manage.py <name> <argv...>`: the worker parses the arguments as the command
    line would."""
    with transaction.atomic():
        created = BackgroundTask.objects.create(
            kind=QUEUEABLE[name], plan=plan, params={"command": name, "argv": argv}
        )
        return runner.enqueue(run_command, created)


@task()
def run_command(task_id: str) -> str:
    return runner.run(task_id, _run)


def _run(background: BackgroundTask) -> None:
    name = background.params["command"]
    if name not in QUEUEABLE:
        raise runner.TaskProblem(f"{name!r} is not a command that can be queued.")
    output = io.StringIO()
    call_command(name, *background.params["argv"], stdout=output)
    with transaction.atomic():
        runner.finish(background, output.getvalue().strip())
