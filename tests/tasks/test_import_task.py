"""A confirmed import of more than IMPORT_TASK_ROWS rows is done by the task worker, all or
nothing; a smaller one still in the request."""

from django.urls import reverse

from improvement.models import Plan
from improvement.tasks.models import BackgroundTask
from recommendations.models import Milestone
from tests.improvement.test_plan_import_page import upload
from tests.improvement.test_spreadsheets import HEADER, row
from tests.tasks.worker import run_queued_tasks

FORM = {"title": "New plan", "slug": "new-plan", "as_at": "2026-01-01", "create_people": "on"}


def three_rows() -> bytes:
    rows = [row(ref=str(n), text=f"Milestone {n}") for n in (1, 2, 3)]
    return (HEADER + "\n" + "\n".join(rows) + "\n").encode()


def confirm(client, content):
    url = reverse("plan_import_new")
    preview = client.post(url, {**FORM, "file": upload(content=content)})
    if preview.status_code == 302:
        # Above IMPORT_TASK_ROWS the check is made by the worker too: its page has the token.
        run_queued_tasks()
        check = BackgroundTask.objects.get(kind=BackgroundTask.Kind.PLAN_IMPORT_PREVIEW)
        preview = client.get(reverse("plan_import_checked", args=[check.plan_slug, check.pk]))
    assert preview.context["token"], preview.text
    return client.post(url, {**FORM, "token": preview.context["token"]})


def test_a_large_import_is_done_by_the_worker(client, administrator, settings):
    settings.IMPORT_TASK_ROWS = 2
    client.force_login(administrator)
    response = confirm(client, three_rows())
    task = BackgroundTask.objects.get(kind=BackgroundTask.Kind.PLAN_IMPORT)
    assert response.status_code == 302 and response.url == task.get_absolute_url()
    assert not Plan.objects.filter(slug="new-plan").exists()
    page = client.get(response.url).text
    assert "Queued" in page and "task-refresh.js" in page

    run_queued_tasks()
    page = client.get(response.url).text
    assert "Done" in page and "Imported plan.csv" in page and "Open the plan's dashboard" in page
    assert Milestone.objects.filter(recommendation__plan__slug="new-plan").count() == 3
    task.refresh_from_db()
    assert task.plan.slug == "new-plan"


def test_a_large_import_that_fails_imports_nothing_and_says_why(client, administrator, settings):
    settings.IMPORT_TASK_ROWS = 2
    client.force_login(administrator)
    response = confirm(client, three_rows())
    # Between the check and the worker's turn, another plan takes the short name.
    Plan.objects.create(slug="new-plan", title="Someone else's")
    run_queued_tasks()
    page = client.get(response.url).text
    assert "Failed" in page and "Nothing was imported" in page and "Back to the import" in page
    assert not Milestone.objects.filter(recommendation__plan__slug="new-plan").exists()


def test_a_small_import_is_still_done_in_the_request(client, administrator):
    client.force_login(administrator)
    response = confirm(client, three_rows())
    # A new plan goes to its settings next, to choose the organisation that owns it.
    assert response.url == reverse("plan_settings", args=["new-plan"])
    assert not BackgroundTask.objects.exists()


def test_only_administrators_see_a_new_plans_import_task(client, administrator, director, settings):
    settings.IMPORT_TASK_ROWS = 2
    client.force_login(administrator)
    url = confirm(client, three_rows()).url
    client.force_login(director)
    assert client.get(url).status_code == 403
