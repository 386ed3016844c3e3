"""The demo officer keeps her milestones current in real Chromium, and axe finds no issue."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from improvement.demo import SLUG
from recommendations.models import Milestone
from tests.browser.test_pages import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--with-demo-accounts")


def test_officer_updates_a_milestone_from_my_milestones(page, live_server, demo):
    sign_in(page, live_server, "officer")
    page.get_by_role("link", name="My milestones").click()
    expect(page.get_by_role("heading", name="My milestones")).to_be_visible()
    expect(page.get_by_text("Linda Maden (LM) leads")).to_be_visible()
    assert_accessible(page)

    milestone = Milestone.objects.filter(lead_links__person__initials="LM").order_by("pk").first()
    row = page.locator(f"#milestone-{milestone.pk}")
    row.get_by_text("Update", exact=False).first.click()
    row.get_by_label("Status").select_option("behind")
    row.get_by_label("Comment").fill("Waiting for the panel to meet")
    row.get_by_role("button", name=re.compile("^Save")).click()

    expect(page.get_by_text(f"Milestone {milestone.full_ref} updated.")).to_be_visible()
    page.goto(f"{live_server.url}{milestone.get_absolute_url()}")
    first_row = page.locator("table").first.locator("tbody tr").first
    expect(first_row).to_contain_text("Waiting for the panel to meet")
    expect(first_row).to_contain_text("Behind")
    assert_accessible(page)


def test_the_update_form_shows_errors_accessibly(page, live_server, demo):
    sign_in(page, live_server, "officer")
    milestone = Milestone.objects.filter(lead_links__person__initials="LM").order_by("pk").first()
    page.goto(f"{live_server.url}{milestone.get_absolute_url()}")
    page.get_by_role("link", name="Update status").click()
    page.get_by_label("Off track").check()
    page.get_by_role("button", name="Save update").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Say why the milestone is off track")
    expect(summary).to_be_focused()  # govuk-frontend moves focus to the summary
    assert_accessible(page)
    summary.get_by_role("link", name="Say why the milestone is off track").click()
    expect(page.get_by_label("Comment")).to_be_focused()


def test_officer_cannot_open_the_form_of_someone_elses_milestone(page, live_server, demo):
    sign_in(page, live_server, "officer")
    other = (
        Milestone.objects.filter(recommendation__plan__slug=SLUG)
        .exclude(lead_links__person__initials="LM")
        .order_by("pk")
        .first()
    )
    page.goto(f"{live_server.url}{other.get_absolute_url()}")
    expect(page.get_by_role("link", name="Update status")).to_have_count(0)
    response = page.goto(f"{live_server.url}{other.get_absolute_url()}update/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You cannot do this")).to_be_visible()
