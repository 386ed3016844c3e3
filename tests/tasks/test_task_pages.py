"""A task's page: its state in words, a refresh while it is not finished, the result's link,
a plain failure with what to do; seen only by those who may see its result."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement.reports import services
from improvement.reports.tasks import request_issue, request_preview
from improvement.tasks import runner
from improvement.tasks.models import BackgroundTask
from tests.factories import make_plan
from tests.reports.conftest import make_report, pdf_text, small_plan  # noqa: F401
from tests.tasks.worker import run_queued_tasks

# anonymous: the log-in page; officers read issued reports only, so not a draft's preview.
PREVIEW_ACCESS = {
    "officer": 403,
    "director": 200,
    "clerk": 200,
    "administrator": 200,
}


@pytest.fixture
def preview(small_plan, clerk):  # noqa: F811
    task = request_preview(make_report(small_plan.plan), clerk)
    run_queued_tasks()
    task.refresh_from_db()
    return task


@pytest.mark.parametrize(("who", "status"), PREVIEW_ACCESS.items())
def test_a_previews_page_and_file_are_for_draft_readers_only(request, client, preview, who, status):
    client.force_login(request.getfixturevalue(who))
    page = reverse("task_detail", args=[preview.plan.slug, preview.pk])
    file = reverse("task_file", args=[preview.plan.slug, preview.pk])
    assert client.get(page).status_code == status
    response = client.get(file)
    assert response.status_code == status
    if status == 200:
        assert "DRAFT" in pdf_text(b"".join(response.streaming_content))


def test_signed_out_visitors_are_sent_to_sign_in(client, preview):
    for name in ("task_detail", "task_file"):
        response = client.get(reverse(name, args=[preview.plan.slug, preview.pk]))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_task_is_not_found_under_another_plans_address(client, director, preview):
    make_plan("other")
    client.force_login(director)
    for name in ("task_detail", "task_file"):
        assert client.get(reverse(name, args=["other", preview.pk])).status_code == 404


def test_an_unfinished_task_has_no_file(client, director, small_plan, clerk):  # noqa: F811
    task = request_preview(make_report(small_plan.plan), clerk)
    client.force_login(director)
    assert client.get(reverse("task_file", args=[task.plan.slug, task.pk])).status_code == 404


def test_an_unexpected_failure_shows_a_plain_reason_never_a_traceback(
    client,
    clerk,
    small_plan,  # noqa: F811
    monkeypatch,
):
    def broken(content):
        raise RuntimeError("secret internals: /srv/app/weasyprint.py line 42")

    monkeypatch.setattr(services, "render_pdf", broken)
    report = make_report(small_plan.plan)
    task = request_issue(report, clerk)
    run_queued_tasks()
    client.force_login(clerk)
    page = client.get(task.get_absolute_url()).content.decode()
    assert "Failed" in page and "It did not finish" in page
    assert "nothing was changed. Try again" in page and str(task.pk) in page
    assert "Back to the report" in page
    assert "secret internals" not in page and "Traceback" not in page
    assert "task-refresh.js" not in page
    report.refresh_from_db()
    assert not report.is_issued
    # The traceback is kept where an administrator looks: django-tasks-db's row.
    from django_tasks_db.models import DBTaskResult

    assert "secret internals" in DBTaskResult.objects.get(pk=task.queue_id).traceback
    # Asking again starts a new task: a failed one is never reused.
    assert request_issue(report, clerk).pk != task.pk


def test_a_running_task_whose_worker_stopped_beating_is_shown_failed(client, clerk, small_plan):  # noqa: F811
    task = request_issue(make_report(small_plan.plan), clerk)
    long_ago = timezone.now() - runner.stale_after() - timedelta(seconds=1)
    BackgroundTask.objects.filter(pk=task.pk).update(
        state=BackgroundTask.State.RUNNING, started=long_ago, heartbeat=long_ago
    )
    client.force_login(clerk)
    page = client.get(task.get_absolute_url()).content.decode()
    assert "Failed" in page and "The task worker stopped" in page
    assert BackgroundTask.objects.get(pk=task.pk).state == BackgroundTask.State.FAILED


def test_a_running_task_with_a_recent_heartbeat_is_left_running(client, clerk, small_plan):  # noqa: F811
    task = request_issue(make_report(small_plan.plan), clerk)
    now = timezone.now()
    BackgroundTask.objects.filter(pk=task.pk).update(
        state=BackgroundTask.State.RUNNING, started=now, heartbeat=now
    )
    client.force_login(clerk)
    page = client.get(task.get_absolute_url()).content.decode()
    assert "Running" in page and "task-refresh.js" in page and "Check again" in page
    # ...and a second click finds that task rather than starting another.
    assert request_issue(task.report, clerk).pk == task.pk


def test_the_task_page_makes_a_fixed_number_of_queries(
    client,
    clerk,
    preview,
    django_assert_max_num_queries,
):
    client.force_login(clerk)
    # session, user, roles, the task with its plan, report and requester, the plan header.
    with django_assert_max_num_queries(8):
        assert client.get(preview.get_absolute_url()).status_code == 200


def test_a_preview_is_made_again_when_the_plans_figures_change(client, director, preview):
    from improvement.figures import touch_plans

    client.force_login(director)
    url = reverse("report_pdf", args=[preview.plan.slug, preview.report_id])
    assert client.get(url)["Location"] == preview.get_absolute_url()  # nothing changed
    touch_plans(pk=preview.plan_id)  # as every write that can change a figure does
    newer = client.get(url)["Location"]
    assert newer != preview.get_absolute_url()
    run_queued_tasks()
    assert "Download the PDF preview" in client.get(newer).text
    # The older preview's file is gone; its page says why.
    assert (
        "A newer preview of this report has replaced this one"
        in client.get(preview.get_absolute_url()).text
    )
    assert client.get(reverse("task_file", args=[preview.plan.slug, preview.pk])).status_code == 404
