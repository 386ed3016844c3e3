"""Imports too large for the request (more than IMPORT_TASK_ROWS rows, headings included,
counted without parsing the file) are done by the task worker: the dry run that previews the
file, and then the confirmed import, all or nothing, as in the request, from the same signed
token."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task

from improvement.models import Plan
from improvement.tasks import runner
from improvement.tasks.models import BackgroundTask

# Errors listed on the task's page; the rest are counted.
ERRORS_SHOWN = 10


def runs_as_task(rows: int) -> bool:
    """Whether a file of ``rows`` rows (reading.count_rows) is checked and imported by the
    task worker rather than in the request."""
    return rows > getattr(settings, "IMPORT_TASK_ROWS", 2_000)


def _queue(kind, task_function, token: str, stash: dict, plan, user) -> BackgroundTask:
    with transaction.atomic():
        created = BackgroundTask.objects.create(
            kind=kind,
            plan=plan,
            requested_by=user,
            params={"token": token, "slug": stash["slug"], "file": stash["original"]},
        )
        return runner.enqueue(task_function, created)


def request_import(token: str, stash: dict, plan: Plan | None, user) -> BackgroundTask:
    return _queue(BackgroundTask.Kind.PLAN_IMPORT, import_plan_task, token, stash, plan, user)


def request_preview(token: str, stash: dict, plan: Plan | None, user) -> BackgroundTask:
    """Queue the dry run of a stashed file; its outcome is kept on the task for the preview
    page (spreadsheets.views.plan_import_checked)."""
    return _queue(
        BackgroundTask.Kind.PLAN_IMPORT_PREVIEW, preview_plan_task, token, stash, plan, user
    )


@task()
def preview_plan_task(task_id: str) -> str:
    return runner.run(task_id, _preview)


def _preview(background: BackgroundTask) -> None:
    from improvement.spreadsheets.reading import FileProblem
    from improvement.spreadsheets.views import checked_outcome

    try:
        outcome = checked_outcome(background.params["token"], background.plan, background)
    except FileProblem as problem:
        raise runner.TaskProblem(
            f"The file could not be checked: {problem} Nothing was imported. Correct the file "
            "(or save it again from Excel as a workbook or as CSV UTF-8) and upload it again."
        ) from None
    errors = len(outcome["result"]["errors"])
    message = f"Checked {outcome['file_name']}: " + (
        f"{errors} problem{'s' if errors != 1 else ''} to correct; nothing was imported."
        if errors
        else "nothing is imported until you confirm."
    )
    with transaction.atomic():
        runner.finish(background, message, result=outcome)


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
