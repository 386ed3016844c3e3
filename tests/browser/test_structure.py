"""A plan manager runs the plan's structure in real Chromium, without the Django admin, and axe
finds no issue on the structure page and its forms."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from improvement.demo import SLUG
from recommendations.models import Milestone, StatusUpdate
from recommendations.snapshot import plan_snapshot
from tests.browser.test_pages import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--with-demo-accounts")


def test_a_manager_adds_revises_and_closes(page, live_server, demo):
    from improvement.models import Plan

    plan = Plan.objects.get(slug=SLUG)
    before = plan_snapshot(plan, date(2006, 6, 30)).counts()
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/plans/{SLUG}/")
    page.get_by_role("link", name="Structure", exact=True).click()
    expect(page.get_by_role("heading", name="Plan structure")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add a theme").click()
    page.get_by_role("button", name="Add theme").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the theme's name")
    assert_accessible(page)
    page.get_by_label("Name").fill("Partnership working")
    page.get_by_role("button", name="Add theme").click()
    expect(page.get_by_text("Theme Partnership working added.")).to_be_visible()

    page.get_by_role("link", name="Add a recommendation to Partnership working").click()
    page.get_by_label("Number").fill("40")
    page.get_by_label("Title (optional)").fill("Joint commissioning")
    page.get_by_label("Wording").fill("Commission services jointly with health partners.")
    page.get_by_role("button", name="Add recommendation").click()
    expect(
        page.get_by_role("heading", name="Recommendation 40 — Joint commissioning")
    ).to_be_visible()

    for ref, text in (("1", "Agree a joint plan"), ("2", "Pool the budgets")):
        page.get_by_role("link", name="Add a milestone to recommendation 40").click()
        page.get_by_label("Number").fill(ref)
        page.get_by_label("Milestone", exact=True).fill(text)
        page.get_by_label("Due (optional)").fill("31/03/2027")
        page.get_by_role("button", name="Add milestone").click()
        expect(page.get_by_text(f"Milestone 40.{ref} added.")).to_be_visible()

    page.get_by_role("link", name="Change milestone 40.1").click()
    assert_accessible(page)
    page.get_by_label("Due date", exact=True).fill("2027-09-30")
    page.get_by_text("If you change the due date").click()
    page.get_by_label(re.compile("^Reason for the new due date")).fill(
        "Partners asked for more time"
    )
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Milestone 40.1 changed.")).to_be_visible()
    revision = StatusUpdate.objects.get(milestone__recommendation__ref="40", milestone__ref="1")
    assert revision.revised_due_date == date(2027, 9, 30)

    page.get_by_role("link", name="Close milestone 40.2").click()
    assert_accessible(page)
    page.get_by_label("Closed from").fill("2026-03-12")
    page.get_by_label("Reason").fill("superseded")
    page.get_by_role("button", name=re.compile("^Close milestone")).click()
    row = page.locator(f"#milestone-{Milestone.objects.get(recommendation__ref='40', ref='2').pk}")
    expect(row).to_contain_text("Closed: superseded, 12 Mar 2026")
    assert_accessible(page)

    # The figures as at a date before the closing are what they were.
    assert plan_snapshot(plan, date(2006, 6, 30)).counts() == before
