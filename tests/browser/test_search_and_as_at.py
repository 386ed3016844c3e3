"""In real Chromium: a director searches from the header, and keeps the as-at date they chose
while moving between a plan's tabs and pages; axe finds no WCAG 2.2 AA issue on the way."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_pages import assert_accessible, demo, sign_in  # noqa: F401

pytestmark = pytest.mark.browser

PLAN = "Herefordshire JAR Performance Improvement Action Plan"


def test_search_from_the_header(page, live_server, demo):  # noqa: F811
    sign_in(page, live_server)
    page.get_by_label("Search milestones, recommendations, PIs and risks").fill("child protection")
    page.get_by_role("search", name="Site search").get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=child\+protection"))
    expect(page.get_by_role("heading", name="Search", exact=True)).to_be_visible()
    expect(page.locator("#search-summary")).to_contain_text("for “child protection”")
    expect(
        page.get_by_role("heading", name=re.compile(r"^Recommendations \(\d+\)$"))
    ).to_be_visible()
    assert_accessible(page)

    # A ref finds its milestone first, with its plan and its status in words.
    page.get_by_label("Search milestones, recommendations, performance indicators").fill("1.3")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    first = page.locator('section[aria-labelledby="results-milestones"] tbody tr').first
    expect(first.get_by_role("link", name="1.3")).to_be_visible()
    expect(first).to_contain_text(PLAN)
    expect(first.locator(".app-status")).to_have_text(re.compile(r"\w"))
    assert_accessible(page)

    page.get_by_label("Search milestones, recommendations, performance indicators").fill(
        "zzzz nothing like it"
    )
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.locator("#search-summary")).to_contain_text("No results")
    assert_accessible(page)


def test_the_as_at_date_is_kept_from_page_to_page(page, live_server, demo):  # noqa: F811
    sign_in(page, live_server)
    page.get_by_role("link", name=PLAN, exact=True).click()  # the plan's dashboard
    page.get_by_label("Show the status as at").fill("2006-05-31")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page).to_have_url(re.compile(r"as_at=2006-05-31"))

    tabs = page.get_by_role("navigation", name="This plan")
    tabs.get_by_role("link", name="Milestone table").click()
    expect(page).to_have_url(re.compile(r"/milestones/\?as_at=2006-05-31$"))
    expect(page.get_by_text(re.compile(r"\d+ milestones as at 31 May 2006"))).to_be_visible()
    assert_accessible(page)

    page.locator("table.govuk-table tbody tr").first.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/milestones/\d+/\?as_at=2006-05-31$"))
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=PLAN).click()
    expect(page).to_have_url(re.compile(r"/plans/jar-2006/\?as_at=2006-05-31#recommendation-"))
    expect(page.get_by_text("as at 31 May 2006").first).to_be_visible()

    page.get_by_role("navigation", name="This plan").get_by_role(
        "link", name="RAG timeline"
    ).click()
    expect(page).to_have_url(re.compile(r"/timeline/\?as_at=2006-05-31$"))
    expect(page.get_by_label("To month")).to_have_value("2006-05")
    # Each row names its recommendation, not its number alone.
    expect(page.locator("#timeline-1 .app-timeline__title")).not_to_be_empty()
    assert_accessible(page)

    for tab, path in [
        ("Performance indicators", "/indicators/"),
        ("Risks", "/risks/"),
        ("Reports", "/reports/"),
        ("Dashboard", "/dashboard/"),
    ]:
        page.get_by_role("navigation", name="This plan").get_by_role("link", name=tab).click()
        expect(page).to_have_url(re.compile(re.escape(path) + r"\?as_at=2006-05-31$"))
