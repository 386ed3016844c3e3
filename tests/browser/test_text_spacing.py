"""Text spacing (WCAG 1.4.12) and focus (2.4.7) on the month and date fields: with the
spacing a reader may set, "December 2006" still fits beside the calendar button, and that
button shows the house focus style."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from improvement.demo import DEMO_PASSWORD, SLUG

pytestmark = pytest.mark.browser

# What the WCAG 1.4.12 test asks for, set through the CSSOM (the CSP forbids inline styles).
TEXT_SPACING = """() => {
    for (const e of document.querySelectorAll('*')) {
        e.style.setProperty('line-height', '1.5', 'important');
        e.style.setProperty('letter-spacing', '0.12em', 'important');
        e.style.setProperty('word-spacing', '0.16em', 'important');
    }
}"""

# The room the text has (the content box less the calendar button, which Chromium draws about
# 1.5em wide with its gap; its pseudo-element does not report its own width) and the width
# the text needs in the input's own font and spacing.
ROOM = """(input) => {
    const style = getComputedStyle(input);
    const probe = document.createElement('span');
    for (const p of ['font-family', 'font-size', 'font-weight', 'letter-spacing', 'word-spacing']) {
        probe.style.setProperty(p, style.getPropertyValue(p));
    }
    probe.style.setProperty('position', 'absolute');
    probe.style.setProperty('white-space', 'nowrap');
    probe.textContent = 'December 2006';
    document.body.appendChild(probe);
    const needed = probe.getBoundingClientRect().width;
    probe.remove();
    const button = 1.5 * parseFloat(style.fontSize);
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
        - button;
    return {needed, room};
}"""


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--with-demo-accounts")


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("director")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.parametrize("width", [1280, 320])
def test_december_2006_fits_the_month_field_with_text_spacing(page, live_server, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/plans/{SLUG}/timeline/?from=2006-12&to=2007-03")
    page.evaluate(TEXT_SPACING)
    for field in ["From month", "To month"]:
        measured = page.get_by_label(field).evaluate(ROOM)
        assert measured["room"] >= measured["needed"], (field, measured)


def test_the_calendar_button_has_the_house_focus_style(page, live_server, demo):
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/plans/{SLUG}/dashboard/")
    rules = page.evaluate(
        """() => {
        const found = [];
        for (const sheet of document.styleSheets) {
            for (const rule of sheet.cssRules) {
                const selector = rule.selectorText || '';
                if (selector.includes('calendar-picker-indicator:focus')) {
                    found.push({
                        selector,
                        outline: rule.style.getPropertyValue('outline'),
                        background: rule.style.getPropertyValue('background-color'),
                    });
                }
            }
        }
        return found;
    }"""
    )
    selectors = " ".join(rule["selector"] for rule in rules)
    assert 'type="date"' in selectors and 'type="month"' in selectors, rules
    for rule in rules:
        assert rule["outline"].startswith("3px solid") and "ffdd00" in rule["outline"], rule
        assert "ffdd00" in rule["background"], rule
