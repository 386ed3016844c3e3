"""An administrator (a manager of every plan) imports the demo's own export as a new plan."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from improvement.demo import SLUG
from tests.browser.test_pages import assert_accessible, sign_in

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
    expect(page).to_have_url(re.compile(r"/plans/jar-copy/dashboard/"))

    def sentence(slug):
        page.goto(f"{live_server.url}/plans/{slug}/dashboard/?as_at=2006-05-31")
        return page.locator("#due-sentence").inner_text()

    assert sentence("jar-copy") == sentence(SLUG)

    def pis(slug):
        page.goto(f"{live_server.url}/plans/{slug}/indicators/?as_at=2006-05-31")
        return page.locator("table tbody").inner_text()

    assert pis("jar-copy") == pis(SLUG)
