"""Reflow (WCAG 1.4.10): at 320 CSS px wide, no main page scrolls sideways as a whole. Wide
tables and the timeline scroll inside their own box, and nothing escapes that box."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from improvement.demo import DEMO_PASSWORD, SLUG
from improvement.reports.models import BoardReport
from indicators.models import Indicator
from recommendations.models import Milestone
from risks.models import Risk

pytestmark = pytest.mark.browser

AS_AT = "?as_at=2006-05-31"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--with-demo-accounts", "--with-board-report")


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def main_pages() -> list[str]:
    milestone = Milestone.objects.get(
        recommendation__plan__slug=SLUG, recommendation__ref="4", ref="1"
    )
    indicator = Indicator.objects.filter(plan__slug=SLUG).order_by("pk").first()
    risk = Risk.objects.filter(plan__slug=SLUG).order_by("pk").first()
    report = BoardReport.objects.get(plan__slug=SLUG)
    plan = f"/plans/{SLUG}"
    return [
        f"/{AS_AT}",
        f"{plan}/{AS_AT}",
        f"{plan}/dashboard/{AS_AT}",
        f"{plan}/timeline/",
        f"{plan}/milestones/{AS_AT}",
        f"{milestone.get_absolute_url()}",
        f"{milestone.get_absolute_url()}update/",
        f"{plan}/indicators/{AS_AT}",
        reverse("indicator_detail", args=[SLUG, indicator.ref]),
        f"{plan}/risks/{AS_AT}",
        f"{plan}/risks/matrix/",
        reverse("risk_detail", args=[SLUG, risk.ref]),
        f"{plan}/reports/",
        f"{plan}/reports/{report.pk}/",
        f"{plan}/reports/new/",
        f"{plan}/publishing/",
        f"{plan}/import/",
        "/plans/import/",
        "/account/",
        "/search/?q=child",
        "/public/",
        f"/public/{SLUG}/",
        f"/public/{SLUG}/reports/{report.public_key}/",
    ]


def overflow(page) -> int:
    """How many CSS px the page is wider than the window (0 when it does not scroll sideways)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_every_main_page_reflows_at_320_css_px(page, live_server, demo):
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, live_server, "admin")
    wide = {}
    for url in main_pages():
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        if overflow(page) > 0:
            wide[url] = overflow(page)
    assert not wide, wide


@pytest.mark.parametrize("width", [320, 360])
def test_my_milestones_puts_every_update_control_on_a_phones_screen(page, live_server, demo, width):
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/me/")
    assert overflow(page) <= 0
    controls = page.locator(".app-quick-update summary")
    assert controls.count() > 0
    for index in range(controls.count()):
        box = controls.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (index, box)
    # Each cell still says what it is once the headings are out of sight.
    first = page.locator(".app-table--mine tbody tr").first
    expect(first.locator('td[data-label="Due"]')).to_be_visible()
    controls.first.click()
    expect(page.get_by_label("Status for milestone").first).to_be_visible()
