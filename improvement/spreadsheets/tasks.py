"""A confirmed import too large for the request (more than IMPORT_TASK_ROWS rows) is done by
the task worker: all or nothing, as in the request, from the same signed token."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task

from improvement.models import Plan
from improvement.tasks import runner
from improvement.tasks.models import BackgroundTask

# Errors listed on the task's page; the rest are counted.
ERRORS_SHOWN = 10


def rows_in(workbook) -> int:
    return sum(len(sheet.rows) for sheet in workbook.values())


def runs_as_task(workbook) -> bool:
    return rows_in(workbook) > getattr(settings, "IMPORT_TASK_ROWS", 2_000)


def request_import(token: str, stash: dict, plan: Plan | None, user) -> BackgroundTask:
    with transaction.atomic():
        created = BackgroundTask.objects.create(
            kind=BackgroundTask.Kind.PLAN_IMPORT,
            plan=plan,
            requested_by=user,
            params={"token": token, "slug": stash["slug"], "file": stash["original"]},
        )
        return runner.enqueue(import_plan_task, created)


@task()
def import_plan_task(task_id: str) -> str:
    return runner.run(task_id, _import)


def _import(background: BackgroundTask) -> None:
    from improvement.spreadsheets.plan_import import import_plan
    from improvement.spreadsheets.reading import FileProblem
    from improvement.spreadsheets.views import _import_kwargs, _stashed

    try:
        stash, _, workbook = _stashed(background.params["token"])
    except FileProblem as problem:
        raise runner.TaskProblem(str(problem)) from None
    if background.plan_id is None and Plan.objects.filter(slug=stash["slug"]).exists():
        # As in the request: a new plan's import never writes into a plan made meanwhile.
        raise runner.TaskProblem(
            f"Nothing was imported: a plan with the short name {stash['slug']!r} was made "
            "after the check. Import the file again with another short name."
        )
    # import_plan is one transaction: a failure, or a worker killed mid-way, imports nothing.
    result = import_plan(
        workbook,
        **_import_kwargs(stash),
        create_people=stash["create_people"],
        user=background.requested_by,
        source=stash["original"],
    )
    if not result.ok:
        shown = "; ".join(str(error) for error in result.errors[:ERRORS_SHOWN])
        more = len(result.errors) - ERRORS_SHOWN
        raise runner.TaskProblem(
            f"Nothing was imported: {shown}"
            + (f"; and {more} more." if more > 0 else ".")
            + " Correct the file and import it again."
        )
    default_storage.delete(stash["stored"])
    with transaction.atomic():
        background.plan = Plan.objects.get(slug=stash["slug"])
        background.save(update_fields=["plan"])
        runner.finish(background, f"Imported {stash['original']}: {result.done()}.")
