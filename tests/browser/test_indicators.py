"""Performance indicators in real Chromium: the PI table and a PI page read well, and axe
finds no WCAG 2.2 AA issue on them or on the figures form."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from improvement.demo import SLUG, read_csv
from improvement.models import Plan
from indicators.demo import load_indicators
from tests.browser.test_pages import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--with-demo-accounts")
    load_indicators(Plan.objects.get(slug=SLUG), read_csv("indicators.csv"))


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
    expect(page).to_have_url(re.compile(r"/indicators/CF/%20C64/$"))
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
