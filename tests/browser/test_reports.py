"""A clerk writes, previews and issues a board report in real Chromium; axe finds no WCAG 2.2
AA issue on the list, the form (with its errors), the preview or the confirmation page."""

import pytest
from playwright.sync_api import expect

from improvement.demo import SLUG
from improvement.reports.models import BoardReport
from tests.browser.test_pages import assert_accessible, demo, sign_in  # noqa: F401
from tests.tasks.worker import run_queued_tasks

pytestmark = pytest.mark.browser


def test_a_clerk_writes_previews_and_issues_a_report(page, live_server, demo):  # noqa: F811
    sign_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}/plans/{SLUG}/")
    page.get_by_role("navigation", name="This plan").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("board reports")
    expect(page.get_by_text("There are no reports yet")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Start a new report").click()
    page.get_by_label("Title").fill("")
    page.get_by_label("Meeting", exact=True).fill("Cabinet")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter the report's title")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Title").fill("Progress on improvement following the Joint Area Review")
    page.get_by_label("Meeting date").fill("2006-07-13")
    page.get_by_label("Figures as at").fill("2006-06-30")
    page.get_by_label("Purpose").fill("To advise Cabinet of the latest improvement position.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft report saved")).to_be_visible()
    expect(page.locator("#progress-statement")).to_contain_text("due by 30 June 2006")
    assert_accessible(page)

    page.get_by_role("link", name="Issue the report").click()
    expect(page.get_by_text("Issuing cannot be undone")).to_be_visible()
    # The meeting became Cabinet, but the usual wording's recommendation still names the
    # Improvement Board: issuing asks first.
    expect(
        page.get_by_text("Recommendation names Improvement Board, but this report goes to Cabinet.")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("I have checked: the text is right for Cabinet").check()
    page.get_by_role("button", name="Issue the report").click()
    # The task worker issues it: the task's page says it is queued and checks again itself.
    expect(page.locator("#task-state")).to_have_text("Queued")
    expect(page.get_by_role("link", name="Check again")).to_be_visible()
    assert_accessible(page)
    run_queued_tasks()
    # The page's script checks again by itself and shows the result in place.
    expect(page.locator("#task-state")).to_have_text("Done", timeout=20_000)
    expect(page.get_by_role("link", name="Check again")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Read the issued report").click()
    expect(page.get_by_role("link", name="Start a new report from this one")).to_be_visible()
    assert BoardReport.objects.get().is_issued
    assert_accessible(page)


def test_an_officer_reads_issued_reports_only(page, live_server, demo):  # noqa: F811
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/plans/{SLUG}/reports/")
    expect(page.get_by_text("There are no reports to read yet")).to_be_visible()
    expect(page.get_by_role("link", name="Start a new report")).to_have_count(0)
    assert_accessible(page)


def test_a_clerk_writes_for_another_committee(page, live_server, demo):  # noqa: F811
    from datetime import date

    from improvement.models import Plan

    plan = Plan.objects.get(slug=SLUG)
    board = BoardReport.objects.create(
        plan=plan,
        title="Board report",
        meeting="Improvement Board",
        meeting_date=date(2006, 6, 8),
        as_at=date(2006, 5, 31),
        purpose="To advise Improvement Board of progress.",
    )
    cabinet = BoardReport.objects.create(
        plan=plan,
        title="Cabinet report",
        meeting="Cabinet",
        meeting_date=date(2006, 7, 13),
        as_at=date(2006, 6, 30),
        purpose=board.purpose,
        carried_from=board,
    )
    sign_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}/plans/{SLUG}/reports/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Which meeting is the report for?")
    assert_accessible(page)
    page.get_by_role("link", name="Improvement Board").click()
    expect(page.get_by_label("Purpose")).to_have_value("To advise Improvement Board of progress.")
    expect(page.get_by_text("Carried over from “Board report”").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/plans/{SLUG}/reports/{cabinet.pk}/issue/")
    expect(page.get_by_text("Purpose names Improvement Board, carried over")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Issue the report").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("I have checked: the text is right for Cabinet").check()
    page.get_by_role("button", name="Issue the report").click()
    expect(page.locator("#task-state")).to_have_text("Queued")
