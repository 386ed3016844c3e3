"""The check (dry run) of a file of more than IMPORT_TASK_ROWS rows is made by the task worker:
the upload only stashes the file and queues it, and the preview page shows what the worker
kept, the same as a check made in the request, with the same confirm form."""

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from improvement import roles
from improvement.spreadsheets import views
from improvement.spreadsheets.reading import count_rows
from improvement.tasks.models import BackgroundTask
from recommendations.models import Milestone
from tests.factories import make_person, make_plan, make_user
from tests.improvement.test_plan_import_page import upload
from tests.improvement.test_spreadsheets import HEADER, row
from tests.tasks.worker import run_queued_tasks

Kind, State = BackgroundTask.Kind, BackgroundTask.State
FORM = {"as_at": "2026-01-01", "create_people": "on"}


def csv_of(*rows: str) -> bytes:
    return (HEADER + "\n" + "\n".join(rows) + "\n").encode()


# A re-import of plan_setup's plan (recommendation 1, milestones 1 and 2): one changed, one
# as it was, one new.
CHANGES = csv_of(
    row(ref="1", text="Milestone rewritten", status="On track"),
    row(ref="2"),
    row(ref="3", text="A new milestone", due="31/03/2027"),
)
# A milestone with no text, and a recommendation ref too long for its column.
ERRORS = csv_of(
    row(ref="1"),
    row(ref="2", text=""),
    "Stay Safe," + "9" * 30 + ",Too long,2006,Better,1,Text,Done,Chief Executive,3/06,",
)


def table(page: str, table_id: str) -> str:
    found = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S)
    assert found, f"no table {table_id}"
    return found.group(0)


def upload_to(client, slug: str, content: bytes, name="plan.csv"):
    return client.post(reverse("plan_import", args=[slug]), {**FORM, "file": upload(name, content)})


def checked_page(client, task: BackgroundTask):
    return client.get(reverse("plan_import_checked", args=[task.plan_slug, task.pk]))


@pytest.fixture
def other_manager(council):
    """Manager of another plan of the same council, and of no plan of plan_setup's."""
    user = make_user("otto", roles.OFFICER)
    person = make_person("Otto Other", "OO", user=user, organisation=council)
    make_plan("elsewhere", organisation=council).managers.add(person)
    return user


def test_a_large_upload_is_queued_without_reading_its_rows(
    client, manager, plan_setup, settings, monkeypatch
):
    settings.IMPORT_TASK_ROWS = 2

    def never(*args, **kwargs):
        raise AssertionError("the request parsed the file")

    monkeypatch.setattr(views, "read_upload", never)
    monkeypatch.setattr(views, "import_plan", never)
    client.force_login(manager)
    response = upload_to(client, "improve", CHANGES)
    monkeypatch.undo()

    task = BackgroundTask.objects.get()
    assert (task.kind, task.state, task.plan) == (
        Kind.PLAN_IMPORT_PREVIEW,
        State.QUEUED,
        plan_setup.plan,
    )
    assert response.status_code == 302 and response.url == task.get_absolute_url()
    page = client.get(response.url).text
    assert "Checking a plan import" in page and "Queued" in page and "Check again" in page
    # Until the worker has checked it there is no preview to show: back to the task's page.
    assert checked_page(client, task).url == task.get_absolute_url()
    stash = views.SIGNER.unsign_object(task.params["token"])
    assert default_storage.exists(stash["stored"])
    assert Milestone.objects.get(pk=plan_setup.own.pk).text == plan_setup.own.text


def test_the_workers_check_shows_what_the_request_would_and_confirming_imports_it(
    client, manager, plan_setup, settings
):
    client.force_login(manager)
    settings.IMPORT_TASK_ROWS = 100_000
    in_request = upload_to(client, "improve", CHANGES)
    assert in_request.status_code == 200 and in_request.context["token"]

    settings.IMPORT_TASK_ROWS = 2
    task_url = upload_to(client, "improve", CHANGES).url
    run_queued_tasks()
    task = BackgroundTask.objects.get(kind=Kind.PLAN_IMPORT_PREVIEW)
    page = client.get(task_url).text
    check_url = reverse("plan_import_checked", args=["improve", task.pk])
    assert (
        "Done" in page and f'href="{check_url}"' in page and "Check the import of plan.csv" in page
    )

    checked = client.get(check_url)
    assert checked.status_code == 200
    assert checked.context["result"] == in_request.context["result"]
    for table_id in ("import-changes", "layout-plan", "statuses-read"):
        assert table(checked.text, table_id) == table(in_request.text, table_id)
    assert "milestones: 1 to create, 2 to update, 0 unchanged" in checked.text
    assert "Milestone rewritten" in table(checked.text, "import-changes")
    confirm_url = reverse("plan_import", args=["improve"])
    assert f'action="{confirm_url}"' in checked.text and "Confirm the import" in checked.text

    confirmed = client.post(confirm_url, {"token": checked.context["token"]})
    importing = BackgroundTask.objects.get(kind=Kind.PLAN_IMPORT)
    assert confirmed.url == importing.get_absolute_url()
    assert Milestone.objects.filter(recommendation__plan=plan_setup.plan).count() == 2
    run_queued_tasks()
    importing.refresh_from_db()
    assert importing.state == State.DONE, importing.message
    milestones = Milestone.objects.filter(recommendation__plan=plan_setup.plan)
    assert sorted(milestones.values_list("ref", "text")) == [
        ("1", "Milestone rewritten"),
        ("2", "Milestone"),
        ("3", "A new milestone"),
    ]


def test_errors_are_shown_by_row_and_column_as_in_the_request_and_cannot_be_confirmed(
    client, manager, plan_setup, settings
):
    client.force_login(manager)
    settings.IMPORT_TASK_ROWS = 100_000
    in_request = upload_to(client, "improve", ERRORS)
    settings.IMPORT_TASK_ROWS = 2
    task_url = upload_to(client, "improve", ERRORS).url
    run_queued_tasks()
    assert "2 problems to correct; nothing was imported" in client.get(task_url).text

    checked = checked_page(client, BackgroundTask.objects.get(kind=Kind.PLAN_IMPORT_PREVIEW))
    errors = checked.context["result"].errors
    assert errors == in_request.context["result"].errors
    assert {(e.row, e.column) for e in errors} == {(3, "milestone"), (4, "recommendation_ref")}
    assert table(checked.text, "import-errors") == table(in_request.text, "import-errors")
    assert "Confirm the import" not in checked.text and not checked.context["token"]
    assert Milestone.objects.get(pk=plan_setup.own.pk).text == plan_setup.own.text


def test_another_layout_is_checked_by_the_worker_again(client, manager, plan_setup, settings):
    settings.IMPORT_TASK_ROWS = 2
    client.force_login(manager)
    upload_to(client, "improve", CHANGES)
    run_queued_tasks()
    first = BackgroundTask.objects.get(kind=Kind.PLAN_IMPORT_PREVIEW)
    page = checked_page(client, first)
    assert page.context["mapping_form"]["header_row"].value() == 1

    choice = {"sheet": "plan", "header_row": "2", "shown_sheet": "plan", "shown_row": "1"}
    url = reverse("plan_import_checked", args=["improve", first.pk])
    again = client.post(url, {**choice, "remap": page.context["remap"]})
    second = BackgroundTask.objects.exclude(pk=first.pk).get()
    assert again.url == second.get_absolute_url() and second.kind == Kind.PLAN_IMPORT_PREVIEW
    run_queued_tasks()
    result = checked_page(client, second).context["result"]
    assert result.layouts[0].header_row == 2 and not result.ok

    # A forged or another check's layout token is refused; an impossible choice is a 400.
    assert client.post(url, {**choice, "remap": "forged"}).status_code == 403
    assert client.post(url, {**choice, "header_row": "x"}).status_code == 400


def test_only_the_plans_managers_see_its_check(
    client, manager, administrator, alice, director, other_manager, plan_setup, settings
):
    settings.IMPORT_TASK_ROWS = 2
    client.force_login(manager)
    task_url = upload_to(client, "improve", CHANGES).url
    run_queued_tasks()
    task = BackgroundTask.objects.get()
    check_url = reverse("plan_import_checked", args=["improve", task.pk])
    for user, expected in (
        (manager, {200}),
        (administrator, {200}),
        (alice, {403}),  # an officer who leads a milestone of the plan
        (director, {403}),
        (other_manager, {403, 404}),
    ):
        client.force_login(user)
        assert client.get(task_url).status_code in expected, user
        assert client.get(check_url).status_code in expected, user
    client.force_login(alice)
    remap = {"remap": "x", "sheet": "plan", "header_row": "1"}
    assert client.post(check_url, remap).status_code == 403
    assert BackgroundTask.objects.count() == 1


def test_the_check_page_has_a_bounded_number_of_queries(
    client, manager, plan_setup, settings, django_assert_max_num_queries
):
    settings.IMPORT_TASK_ROWS = 2
    client.force_login(manager)
    upload_to(client, "improve", csv_of(*(row(ref=str(n)) for n in range(1, 60))))
    run_queued_tasks()
    task = BackgroundTask.objects.get()
    # Session and user, the task with its plan, the plan's readers and managers, the plan
    # header's figures; none per row of the file.
    with django_assert_max_num_queries(12):
        assert checked_page(client, task).status_code == 200


def broken_workbook(rows: int) -> bytes:
    """A real workbook whose sheet's XML is cut short: its rows can be counted, not read."""
    book = openpyxl.Workbook()
    book.active.title = "plan"
    for n in range(rows):
        book.active.append([f"cell {n}"])
    made, out = io.BytesIO(), io.BytesIO()
    book.save(made)
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) - 40]
            target.writestr(member, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("plan.csv", b"theme,milestone\n\x00\x01,x\n\x00,y\n\x00,z\n", "holds binary data"),
        ("plan.xlsx", broken_workbook(5), "its XML is malformed"),
    ],
)
def test_a_file_that_cannot_be_read_fails_with_a_plain_reason(
    client, manager, plan_setup, settings, name, content, reason
):
    settings.IMPORT_TASK_ROWS = 2
    client.force_login(manager)
    task_url = upload_to(client, "improve", content, name=name).url
    run_queued_tasks()
    task = BackgroundTask.objects.get()
    assert task.state == State.FAILED
    page = client.get(task_url).text
    assert "It did not finish" in page and reason in page and "upload it again" in page
    assert "Back to the import" in page and "Traceback" not in page
    # There is no preview of a failed check: its address leads back to the task's page.
    assert checked_page(client, task).url == task_url


def test_below_the_threshold_the_check_is_made_in_the_request(client, manager, plan_setup):
    client.force_login(manager)
    response = upload_to(client, "improve", CHANGES)
    assert response.status_code == 200 and response.context["token"]
    assert not BackgroundTask.objects.exists()


def workbook_of(rows: int) -> bytes:
    book = openpyxl.Workbook()
    for n in range(rows):
        book.active.append([n])
    book.create_sheet("second").append(["one more"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "name, data, rows",
    [
        ("plan.csv", b"", 0),
        ("plan.csv", b"a,b\n1,2\n", 2),
        ("plan.csv", b"a,b\r\n1,2\r\n3,4", 3),
        ("plan.xlsx", workbook_of(7), 8),  # every sheet's rows
        ("plan.xlsx", b"PK\x03\x04 not a zip at all", 0),  # read at once, and refused
    ],
)
def test_rows_are_counted_without_parsing(name, data, rows):
    assert count_rows(name, data) == rows
