"""A director reads the dashboards in real Chromium; axe finds no WCAG 2.2 AA issue."""

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


def test_the_dashboard_follows_the_as_at_date(page, live_server, demo):
    sign_in(page, live_server)
    page.get_by_label("Show the status as at").fill("2006-03-31")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#portfolio-as-at")).to_have_text("Every figure is as at 31 Mar 2006.")
    page.get_by_role(
        "link", name="Herefordshire JAR Performance Improvement Action Plan", exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/dashboard/\?as_at=2006-03-31"))
    sentence = page.locator("#due-sentence")
    expect(sentence).to_contain_text("due by 31 Mar 2006")
    march = sentence.inner_text()
    assert_accessible(page)

    page.get_by_label("Show the status as at").fill("2006-06-30")
    page.get_by_role("button", name="Show").click()
    expect(sentence).to_contain_text("due by 30 Jun 2006")
    assert sentence.inner_text() != march
    expect(page.get_by_role("heading", name=re.compile(r"^Overdue \(\d+\)$"))).to_be_visible()


def test_the_timeline_is_accessible_and_shows_the_plans_own_cells(page, live_server, demo):
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/plans/{SLUG}/timeline/?from=2006-01&to=2006-12")
    row = page.locator("#timeline-1")
    cells = row.locator("td")
    expect(cells).to_have_count(12)
    expect(cells.nth(0)).to_contain_text("On track")  # January, for screen readers
    expect(cells.nth(2)).to_contain_text("Complete")  # March
    assert_accessible(page)


def test_the_milestone_table_filters_and_is_accessible(page, live_server, demo):
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/plans/{SLUG}/milestones/?as_at=2006-06-30")
    expect(page.get_by_text("66 milestones as at 30 Jun 2006.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Status", exact=True).select_option("complete")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text(re.compile(r"^\d+ milestones as at 30 Jun 2006\."))).not_to_have_text(
        "66 milestones as at 30 Jun 2006."
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == f"{SLUG}-milestones-2006-06-30.csv"
