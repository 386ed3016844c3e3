"""A director signs in and reads the demo plan in real Chromium; axe finds no WCAG 2.2 AA issue."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from improvement.demo import DEMO_PASSWORD, SLUG
from recommendations.models import Milestone

pytestmark = pytest.mark.browser

WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
}


def assert_accessible(page):
    # The styles must have loaded, or axe would judge an unstyled page's contrast.
    header = page.locator(".govuk-generic-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--with-demo-accounts")


def sign_in(page, live_server, username="director"):
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_sign_in_page_is_accessible(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)


def test_director_reads_the_plan_as_at_a_date(page, live_server, demo):
    sign_in(page, live_server)
    expect(page.get_by_role("heading", name="Improvement plans")).to_be_visible()
    assert_accessible(page)

    page.get_by_role(
        "link", name="Herefordshire JAR Performance Improvement Action Plan", exact=True
    ).click()
    page.get_by_role("navigation", name="This plan").get_by_role("link", name="The plan").click()
    page.get_by_label("Show the status as at").fill("2006-03-31")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"as_at=2006-03-31"))
    tag = page.locator("#recommendation-1 .app-status")
    # The word is there, and so is the colour.
    expect(tag).to_have_text("Complete")
    assert tag.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert_accessible(page)


def test_milestone_page_is_accessible(page, live_server, demo):
    sign_in(page, live_server)
    milestone = Milestone.objects.get(
        recommendation__plan__slug=SLUG, recommendation__ref="1", ref="1"
    )
    page.goto(f"{live_server.url}{milestone.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Milestone 1.1")).to_be_visible()
    assert_accessible(page)


def test_sign_out(page, live_server, demo):
    sign_in(page, live_server)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
