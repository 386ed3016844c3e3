"""An administrator (a manager of every plan) imports the demo's own export as a new plan."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from improvement.demo import SLUG
from tests.browser.test_pages import assert_accessible, sign_in
from tests.tasks.worker import run_queued_tasks

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--with-demo-accounts")


def test_the_demo_export_imports_as_a_new_plan_with_the_same_figures(
    page, live_server, demo, tmp_path
):
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/plans/{SLUG}/?as_at=2006-05-31")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel workbook").click()
    exported = tmp_path / "jar.xlsx"
    download.value.save_as(exported)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Import a new plan from a spreadsheet").click()
    page.get_by_label("Plan title").fill("JAR copy")
    page.get_by_label("Short name for web addresses").fill("jar-copy")
    page.get_by_label("Spreadsheet").set_input_files(str(exported))
    page.get_by_label("Statuses and risk scores in the file are as at").fill("2006-05-31")
    assert_accessible(page)
    page.get_by_role("button", name="Check the file").click()

    summary = page.locator("#import-summary")
    expect(summary).to_contain_text("milestones: 66 to create")
    expect(summary).to_contain_text("indicators: 10 to create")
    expect(summary).to_contain_text("indicator figures: 20 to create")
    expect(summary).to_contain_text("risks: 4 to create")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm the import").click()
    # A new plan's settings come next: it has no organisation yet, so everyone reads it.
    expect(page).to_have_url(re.compile(r"/plans/jar-copy/settings/"))
    expect(page.get_by_text("This plan has no organisation yet")).to_be_visible()
    assert_accessible(page)

    def sentence(slug):
        page.goto(f"{live_server.url}/plans/{slug}/dashboard/?as_at=2006-05-31")
        return page.locator("#due-sentence").inner_text()

    assert sentence("jar-copy") == sentence(SLUG)

    def pis(slug):
        page.goto(f"{live_server.url}/plans/{slug}/indicators/?as_at=2006-05-31")
        return page.locator("table tbody").inner_text()

    assert pis("jar-copy") == pis(SLUG)


def test_a_councils_own_workbook_imports_and_next_months_changes_are_previewed(
    page, live_server, demo, tmp_path
):
    """Issue 14's "done when": a council-style workbook with merged cells, two title rows,
    its own headings, RAG words, three statuses shown only by colour and job-title leads."""
    from recommendations.models import Milestone
    from tests.improvement.council_workbook import NEXT_MONTH, council_workbook

    this_month, next_month = tmp_path / "council.xlsx", tmp_path / "council-july.xlsx"
    this_month.write_bytes(council_workbook())
    next_month.write_bytes(council_workbook(NEXT_MONTH))
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/plans/import/")
    page.get_by_label("Plan title").fill("Council plan")
    page.get_by_label("Short name for web addresses").fill("council")
    page.get_by_label("Spreadsheet").set_input_files(str(this_month))
    page.get_by_label("Statuses and risk scores in the file are as at").fill("2024-06-30")
    page.get_by_label("Create leads and risk owners").check()
    page.get_by_role("button", name="Check the file").click()

    # The mapping page: the sheet, the heading row and each column as read.
    expect(page.locator("#layout-plan caption")).to_have_text(
        "Plan: sheet “Improvement Plan”, headings in row 4"
    )
    expect(page.locator("#layout-plan tbody tr").nth(4)).to_contain_text("RAG")
    expect(page.get_by_label("Column E: “RAG”")).to_have_value("status")
    expect(page.get_by_label("Sheet that holds the plan")).to_have_value("Improvement Plan")
    statuses = page.locator("#statuses-read")
    expect(statuses).to_contain_text("the cell's colour #FFC000")
    expect(statuses).to_contain_text("“Amber”")
    expect(page.locator("#import-summary")).to_contain_text("milestones: 7 to create")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm the import").click()
    expect(page).to_have_url(re.compile(r"/plans/council/settings/"))
    expect(page.get_by_text("Imported council.xlsx: plan: 1 created")).to_be_visible()
    assert Milestone.objects.filter(recommendation__plan__slug="council").count() == 7
    jane = Milestone.objects.get(
        recommendation__plan__slug="council", recommendation__ref="1", ref="1"
    )
    assert [p.name for p in jane.lead_people] == ["Jane Smith"]

    # Next month: the saved mapping reads it; the four changes are shown row by row.
    page.goto(f"{live_server.url}/plans/council/import/")
    page.get_by_label("Spreadsheet").set_input_files(str(next_month))
    page.get_by_label("Statuses and risk scores in the file are as at").fill("2024-07-31")
    page.get_by_role("button", name="Check the file").click()
    changes = page.locator("#import-changes tbody")
    expect(changes.locator("tr")).to_have_count(4)
    for ref, what, before, after in (
        ("1.2", "status", "Behind", "On track"),
        ("2.1", "comment", "Audits running", "Audits running; first report in July"),
        ("3.1", "due", "Ongoing", "Winter 2024"),
        ("3.2", "leads", "Tom Brown", "Jane Smith"),
    ):
        row = changes.locator("tr", has=page.get_by_role("rowheader", name=ref))
        expect(row).to_contain_text(what)
        expect(row).to_contain_text(before)
        expect(row).to_contain_text(after)
    expect(page.locator("#import-summary")).to_contain_text(
        "milestones: 0 to create, 2 to update, 5 unchanged"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_text("milestones: 0 created, 2 updated, 5 unchanged")).to_be_visible()


def test_a_large_workbook_is_checked_and_imported_by_the_task_worker(
    page, live_server, demo, tmp_path, settings
):
    """Above IMPORT_TASK_ROWS the upload answers with the task's page; the worker's check is
    then shown as in the request, and confirming queues the import."""
    settings.IMPORT_TASK_ROWS = 10
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/plans/{SLUG}/?as_at=2006-05-31")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel workbook").click()
    exported = tmp_path / "jar.xlsx"
    download.value.save_as(exported)

    page.goto(f"{live_server.url}/plans/import/")
    page.get_by_label("Plan title").fill("JAR copy")
    page.get_by_label("Short name for web addresses").fill("jar-copy")
    page.get_by_label("Spreadsheet").set_input_files(str(exported))
    page.get_by_label("Statuses and risk scores in the file are as at").fill("2006-05-31")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Checking a plan import")).to_be_visible()
    expect(page.locator("#task-state")).to_contain_text("Queued")
    assert_accessible(page)

    run_queued_tasks()
    page.get_by_role("link", name="Check again").click()
    expect(page.locator("#task-state")).to_contain_text("Done")
    assert_accessible(page)
    page.get_by_role("link", name="Check the import of jar.xlsx").click()
    expect(page.locator("#import-summary")).to_contain_text("milestones: 66 to create")
    assert_accessible(page)

    page.get_by_role("button", name="Confirm the import").click()
    expect(page.get_by_role("heading", name="Importing a plan")).to_be_visible()
    run_queued_tasks()
    page.get_by_role("link", name="Check again").click()
    expect(page.locator("#task-state")).to_contain_text("Done")
    page.get_by_role("link", name="Open the plan's dashboard").click()
    expect(page).to_have_url(re.compile(r"/plans/jar-copy/dashboard/"))
