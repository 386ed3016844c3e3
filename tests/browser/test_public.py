"""Publishing in real Chromium: an anonymous visitor reads the demo's public page, and a plan
manager approves a new position; axe finds no WCAG 2.2 AA issue on either."""

import json
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from improvement.demo import SLUG
from tests.browser.test_pages import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    cache.clear()
    call_command("load_demo", "--with-demo-accounts", "--with-board-report")


def test_an_anonymous_visitor_reads_the_published_demo(page, live_server, demo):
    page.goto(f"{live_server.url}/public/")
    page.get_by_role("link", name="Herefordshire JAR Performance Improvement Action Plan").click()
    expect(page).to_have_url(re.compile(rf"/public/{SLUG}/$"))
    expect(page.locator("#public-as-at")).to_contain_text("Progress as at 31 May 2006")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert_accessible(page)

    page.locator("details summary").first.click()
    expect(page.get_by_text("1.1 Review & revise threshold criteria")).to_be_visible()
    assert_accessible(page)

    reports = page.locator("#public-reports")
    pdf_url = reports.get_by_role("link", name=re.compile("^PDF")).first.get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{pdf_url}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    reports.get_by_role("link", name=re.compile("Improvement Board, 8 June 2006")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Progress on the Herefordshire")
    expect(page.get_by_text("There are 25 milestones due by 31 May 2006.")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    page.get_by_role("link", name="Summary (JSON)").click()
    summary = json.loads(page.locator("body").inner_text())
    assert (summary["plan"], summary["as_at"], summary["milestones"]["total"]) == (
        SLUG, "2006-05-31", 66,
    )  # fmt: skip


def test_a_manager_previews_and_approves_a_position(page, live_server, demo):
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/plans/{SLUG}/")
    page.get_by_role("link", name="Publishing").click()
    expect(page.get_by_role("heading", name="Publishing")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Approve for publication").click()
    expect(page.get_by_text("Enter the date whose position to publish").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Publish the position as at").fill("2006-04-30")
    page.get_by_role("button", name="Preview the public page at this date").click()
    expect(page.get_by_text("Preview: this position is not approved")).to_be_visible()
    expect(page.locator("#public-as-at")).to_contain_text("Progress as at 30 April 2006")
    assert_accessible(page)
    page.go_back()

    page.get_by_label("Publish the position as at").fill("2006-04-30")
    page.get_by_role("button", name="Approve for publication").click()
    expect(page.get_by_text("The position as at 30 April 2006 is approved")).to_be_visible()
    expect(page.locator("#approvals")).to_contain_text("Shown")
    assert_accessible(page)

    page.goto(f"{live_server.url}/public/{SLUG}/")
    expect(page.locator("#public-as-at")).to_contain_text("Progress as at 30 April 2006")
