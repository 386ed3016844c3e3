"""Issuing under faults: a repeated or retried task, two clerks at once, and a real
`manage.py db_worker` process killed with SIGKILL in the middle of rendering."""

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connections
from django.tasks import TaskResultStatus
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from improvement.reports import services
from improvement.reports.models import BoardReport
from improvement.reports.tasks import issue_report, request_issue
from improvement.tasks.models import BackgroundTask
from tests.factories import make_user
from tests.reports.conftest import make_report, small_plan  # noqa: F401
from tests.tasks.worker import ROOT, run_queued_tasks, start_worker, worker_environment


def stored_files(report) -> list[str]:
    """This report's issued PDFs on disk: "<slug>-<date>-<pk>.pdf", or "..._<random>.pdf"
    had a second one been stored (other reports share the folder)."""
    folder = Path(BoardReport._meta.get_field("pdf").storage.path("reports"))
    mine = re.compile(rf"{report.plan.slug}-{report.meeting_date:%Y-%m-%d}-{report.pk}(_\w+)?\.pdf")
    return [path.name for path in folder.rglob("*.pdf") if mine.fullmatch(path.name)]


def partial_files() -> list[Path]:
    folder = Path(BoardReport._meta.get_field("pdf").storage.path(".partial"))
    return list(folder.glob("*")) if folder.exists() else []


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds} s for {what}")


def test_a_repeated_or_retried_issue_task_issues_once_with_one_hash(small_plan, clerk):  # noqa: F811
    report = make_report(small_plan.plan)
    task = request_issue(report, clerk)
    # A second click (or a second clerk) while it waits gets the same task, not another.
    assert request_issue(report, clerk) == task
    # The queue holds the same task twice, as a duplicated or retried entry would.
    issue_report.enqueue(str(task.pk))
    run_queued_tasks()
    report.refresh_from_db()
    task.refresh_from_db()
    assert report.is_issued and task.state == BackgroundTask.State.DONE
    assert task.result == {"sha256": report.sha256}
    sha256, name = report.sha256, report.pdf.name

    # A retry of the finished task, even one that finds its own row reset to queued.
    BackgroundTask.objects.filter(pk=task.pk).update(state=BackgroundTask.State.QUEUED)
    issue_report.enqueue(str(task.pk))
    run_queued_tasks()
    report.refresh_from_db()
    task.refresh_from_db()
    assert (report.sha256, report.pdf.name) == (sha256, name)
    assert task.state == BackgroundTask.State.DONE and task.result == {"sha256": sha256}
    assert task.message == "The report had already been issued."
    assert len(stored_files(report)) == 1
    assert report.history.filter(state="issued").count() == 1
    with pytest.raises(services.ReportIssued):
        request_issue(report, clerk)


def test_an_edit_after_issuing_was_asked_for_is_not_issued_unseen(client, small_plan, clerk):  # noqa: F811
    report = make_report(small_plan.plan)
    task = request_issue(report, clerk)
    BoardReport.objects.filter(pk=report.pk).update(purpose="Changed after", version=2)
    run_queued_tasks()
    task.refresh_from_db()
    report.refresh_from_db()
    assert task.state == BackgroundTask.State.FAILED and not report.is_issued
    assert "edited after issuing was asked for" in task.message
    assert stored_files(report) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_clerks_issuing_at_once_give_one_issued_report(small_plan, clerk, monkeypatch):  # noqa: F811
    """Two issues render side by side in two real transactions; the first to lock the row
    stores its PDF, the second finds it issued and stores nothing."""
    other = make_user("carl", "Clerk")
    report = make_report(small_plan.plan)
    both_rendered = threading.Barrier(2, timeout=60)
    render = services.render_pdf

    def render_together(content):
        pdf = render(content)
        both_rendered.wait()  # neither flips until both have made their PDF
        return pdf

    monkeypatch.setattr(services, "render_pdf", render_together)
    outcome = {}

    def issue(name, user):
        try:
            services.issue(BoardReport.objects.get(pk=report.pk), user)
            outcome[name] = "issued"
        except services.ReportIssued:
            outcome[name] = "refused"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=issue, args=("first", clerk)),
        threading.Thread(target=issue, args=("second", other)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)

    assert sorted(outcome.values()) == ["issued", "refused"]
    report.refresh_from_db()
    assert report.is_issued
    assert len(stored_files(report)) == 1
    assert report.history.filter(state="issued").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_clerks_clicking_issue_at_once_queue_one_task(small_plan, clerk):  # noqa: F811
    other = make_user("carl", "Clerk")
    report = make_report(small_plan.plan)
    start = threading.Barrier(2, timeout=30)
    tasks = {}

    def click(user):
        start.wait()
        try:
            tasks[user.username] = request_issue(BoardReport.objects.get(pk=report.pk), user).pk
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(user,)) for user in (clerk, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(tasks) == 2 and len(set(tasks.values())) == 1
    assert BackgroundTask.objects.filter(report=report).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_render_leaves_a_draft_and_the_task_failed(
    client,
    small_plan,  # noqa: F811
    clerk,
    settings,
    tmp_path,
):
    """A real `manage.py db_worker` process is killed with SIGKILL while it renders: the
    report stays a draft with no stored file, the task is shown failed once its heartbeat
    stops, and issuing again through a second real worker issues it once."""
    settings.TASK_STALE_SECONDS = 3
    report = make_report(small_plan.plan)
    task = request_issue(report, clerk)
    marker = tmp_path / "rendering"
    held = subprocess.Popen(
        [sys.executable, "tests/tasks/held_worker.py", str(marker)],
        cwd=ROOT,
        env=worker_environment(TASK_HEARTBEAT_SECONDS="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(marker.exists, 90, "the worker to render the report")
        task.refresh_from_db()
        assert task.state == BackgroundTask.State.RUNNING and task.attempts == 1
    finally:
        os.kill(held.pid, signal.SIGKILL)
        output = held.communicate(timeout=30)[0]
    assert held.returncode == -signal.SIGKILL, output

    report.refresh_from_db()
    assert not report.is_issued and not report.pdf and report.sha256 == ""
    assert stored_files(report) == [] and partial_files() == []
    # django-tasks-db itself leaves the killed worker's entry running, for ever.
    assert DBTaskResult.objects.get(pk=task.queue_id).status == TaskResultStatus.RUNNING

    client.force_login(clerk)
    time.sleep(settings.TASK_STALE_SECONDS + 1)
    page = client.get(task.get_absolute_url()).content.decode()
    assert "Failed" in page and "The task worker stopped while doing this" in page
    assert "Traceback" not in page and "task-refresh.js" not in page
    assert DBTaskResult.objects.get(pk=task.queue_id).status == TaskResultStatus.FAILED

    # The clerk issues again: a new task, which a worker that is not killed finishes.
    response = client.post(reverse("report_issue", args=[report.plan.slug, report.pk]))
    again = BackgroundTask.objects.exclude(pk=task.pk).get(report=report)
    assert response["Location"] == again.get_absolute_url()
    worker = start_worker()
    try:
        wait_for(
            lambda: BackgroundTask.objects.get(pk=again.pk).is_finished, 90, "the second worker"
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=60)[0]
    again.refresh_from_db()
    report.refresh_from_db()
    assert again.state == BackgroundTask.State.DONE, output
    assert report.is_issued and again.result == {"sha256": report.sha256}
    assert len(stored_files(report)) == 1
    page = client.get(again.get_absolute_url()).content.decode()
    assert "Done" in page and report.sha256 in page
