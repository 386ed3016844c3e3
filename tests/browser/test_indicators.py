"""Performance indicators in real Chromium: the PI table and a PI page read well, and axe
finds no WCAG 2.2 AA issue on them or on the figures form."""

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


def test_the_pi_table_and_a_pi_page_are_accessible(page, live_server, demo):
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/plans/{SLUG}/indicators/?as_at=2006-05-31")
    expect(page.get_by_role("heading", name=re.compile("performance indicators$"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^10 indicators as at 31 May 2006"))).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="SC 5026")).to_be_visible()
    expect(table.get_by_text("Up to 50%")).to_be_visible()  # words, as written
    expect(table.get_by_role("img", name=re.compile("^Actuals: 76 in March 06"))).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Polarity").select_option("unknown")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text(re.compile(r"^4 indicators as at 31 May 2006"))).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == f"{SLUG}-indicators-2006-05-31.csv"

    page.goto(f"{live_server.url}/plans/{SLUG}/indicators/?as_at=2006-05-31")
    page.get_by_role("link", name="CF/ C64").click()  # a ref with a slash and a space
    # The link keeps the as-at date the table was read at.
    expect(page).to_have_url(re.compile(r"/indicators/CF/%20C64/\?as_at=2006-05-31$"))
    expect(page.get_by_role("heading", name="CF/ C64", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="Trend of CF/ C64")).to_be_visible()
    expect(page.locator("#indicator-rag")).to_contain_text("No RAG")
    assert_accessible(page)


def test_an_administrator_corrects_a_figure_and_sees_the_rag(page, live_server, demo):
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/plans/{SLUG}/indicators/CF/%20C64/")
    page.get_by_role("link", name="Correct the figures for March 07").click()
    expect(page.get_by_role("heading", name="Correct the figures for March 07")).to_be_visible()
    page.get_by_label("Period").fill("Spring 07")
    page.get_by_role("button", name="Save figures").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)

    page.get_by_label("Period").fill("March 07")
    page.get_by_label("Actual").fill("78")
    page.get_by_label("Why are these figures corrected?").fill("Year-end return")
    page.get_by_role("button", name="Save figures").click()
    expect(page.get_by_text("CF/ C64: figures for March 07 corrected.")).to_be_visible()
    expect(page.locator("#indicator-rag")).to_contain_text("Near target")  # 78 against 80
    expect(page.locator("#indicator-direction")).to_contain_text("Improving")  # from 76
    expect(page.get_by_role("cell", name="Year-end return")).to_be_visible()
    assert_accessible(page)


def test_an_administrator_sets_the_polarity_and_the_pi_gets_a_rag(page, live_server, demo):
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/plans/{SLUG}/indicators/CH%20141/")
    expect(page.locator("#indicator-rag")).to_contain_text("No RAG")
    page.get_by_role("link", name="set which way is better").click()
    expect(page).to_have_url(re.compile(r"/indicators/CH%20141/settings/$"))
    expect(page.get_by_role("heading", name="Indicator settings")).to_be_visible()
    polarity = page.get_by_role("group", name="Which way is better")
    expect(polarity.get_by_label("Not known")).to_be_checked()  # never guessed
    expect(page.get_by_label("Amber tolerance")).to_have_value("5")
    assert_accessible(page)

    polarity.get_by_label("Lower is better").check()
    page.get_by_label("Amber tolerance").fill("150")
    page.get_by_role("button", name="Save settings").click()
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(
        summary.get_by_role("link", name=re.compile("^Enter an amber tolerance from 0 to 100"))
    ).to_be_visible()
    expect(polarity.get_by_label("Lower is better")).to_be_checked()  # kept
    assert_accessible(page)

    page.get_by_label("Amber tolerance").fill("10")
    page.get_by_label("Why are you changing these settings?").fill("Fewer referrals is better")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text(re.compile(r"^CH 141: settings saved"))).to_be_visible()
    expect(page.get_by_text("Lower is better", exact=True)).to_be_visible()

    # March 07 has a target (220): with an actual too, the PI has a RAG.
    page.get_by_role("link", name="Correct the figures for March 07").click()
    page.get_by_label("Actual").fill("230")
    page.get_by_label("Why are these figures corrected?").fill("Year-end return")
    page.get_by_role("button", name="Save figures").click()
    expect(page.locator("#indicator-rag")).to_contain_text("Near target")  # 4.5% over 220
    expect(page.locator("#indicator-direction")).to_contain_text("Worsening")  # from 175

    page.get_by_role("link", name="Change the indicator’s settings").click()
    history = page.get_by_role("table", name=re.compile("^Changes to the indicator"))
    expect(history.get_by_role("cell", name="Fewer referrals is better").first).to_be_visible()
    assert_accessible(page)
