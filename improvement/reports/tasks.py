"""Board report work that runs in a `db_worker` process: the PDF preview of a draft and
issuing. The views ask for it (request_*) and show the task's page; the functions decorated
with @task run in the worker, each taking only its BackgroundTask's id."""

from datetime import datetime

from django.db import transaction
from django.tasks import task
from django.utils.dateparse import parse_datetime

from improvement.models import Plan
from improvement.tasks import runner
from improvement.tasks.models import BackgroundTask

from . import services
from .content import report_content
from .models import BoardReport
from .pdf import render_pdf

Kind = BackgroundTask.Kind


def request_issue(report: BoardReport, user, *, issued_at: datetime | None = None):
    """The task that issues the report: the one already queued or running for it (a second
    clerk, a second click), else a new one for the report as it is now. Raises ReportIssued
    when it is issued already."""
    with transaction.atomic():
        locked = BoardReport.objects.select_for_update().select_related("plan").get(pk=report.pk)
        if locked.is_issued:
            raise services.ReportIssued
        waiting = runner.active(
            BackgroundTask.objects.filter(report=locked, kind=Kind.REPORT_ISSUE)
        )
        if waiting:
            return waiting[0]
        params = {"version": locked.version}
        if issued_at is not None:
            params["issued_at"] = issued_at.isoformat()
        created = BackgroundTask.objects.create(
            kind=Kind.REPORT_ISSUE,
            plan=locked.plan,
            report=locked,
            requested_by=user,
            params=params,
        )
        return runner.enqueue(issue_report, created)


def request_preview(report: BoardReport, user):
    """The task making the draft's PDF preview as it is now: one already queued, running or
    done for this version of the report and of the plan's figures (Plan.version, raised by
    every write that can change a figure), else a new one."""
    plan_version = Plan.objects.filter(pk=report.plan_id).values_list("version", flat=True).get()
    versions = {"version": report.version, "plan_version": plan_version}
    with transaction.atomic():
        previews = BackgroundTask.objects.filter(
            report=report,
            kind=Kind.REPORT_PREVIEW,
            params__version=versions["version"],
            params__plan_version=versions["plan_version"],
        )
        reusable = runner.active(previews) or [
            done
            for done in previews.filter(state=BackgroundTask.State.DONE)[:1]
            if done.result_file and done.result_file.storage.exists(done.result_file.name)
        ]
        if reusable:
            return reusable[0]
        created = BackgroundTask.objects.create(
            kind=Kind.REPORT_PREVIEW,
            plan=report.plan,
            report=report,
            requested_by=user,
            params=versions,
        )
        return runner.enqueue(preview_report, created)


@task()
def issue_report(task_id: str) -> str:
    return runner.run(task_id, _issue)


@task()
def preview_report(task_id: str) -> str:
    return runner.run(task_id, _preview)


def _issue(background: BackgroundTask) -> None:
    issued_at = background.params.get("issued_at")

    def done(report):
        runner.finish(background, "The report was issued.", {"sha256": report.sha256})

    try:
        services.issue(
            background.report,
            background.requested_by,
            issued_at=parse_datetime(issued_at) if issued_at else None,
            expected_version=background.params.get("version"),
            on_issued=done,
        )
    except services.ReportIssued:
        # Issued already (a re-run of this task, or another one): nothing is stored again and
        # the report keeps its one PDF and hash.
        report = BoardReport.objects.get(pk=background.report_id)
        with transaction.atomic():
            runner.finish(
                background, "The report had already been issued.", {"sha256": report.sha256}
            )
    except services.StaleReport:
        raise runner.TaskProblem(
            "The report was edited after issuing was asked for, so it was not issued. Read "
            "it again, then issue it when it is ready."
        ) from None


def _preview(background: BackgroundTask) -> None:
    report = BoardReport.objects.select_related("plan").get(pk=background.report_id)
    pdf = render_pdf(report_content(report, draft=True))
    with services.atomic_file(pdf) as rendered, transaction.atomic():
        rendered.name = f"{report.plan.slug}-{report.meeting_date:%Y-%m-%d}-draft.pdf"
        runner.finish(
            background,
            "The PDF preview is ready.",
            {"version": report.version},
            result_file=rendered,
        )
    _forget_older_previews(background)


def _forget_older_previews(latest: BackgroundTask) -> None:
    """A draft's earlier previews are out of date once a newer one is made: their files go
    (the tasks stay, saying what they did)."""
    older = BackgroundTask.objects.filter(
        report_id=latest.report_id, kind=Kind.REPORT_PREVIEW, created__lt=latest.created
    ).exclude(result_file="")
    for earlier in older:
        earlier.result_file.delete(save=False)
        BackgroundTask.objects.filter(pk=earlier.pk).update(result_file="")
