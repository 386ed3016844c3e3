"""The risk register, its heat maps and reviews in real Chromium; axe finds no WCAG 2.2 AA
issue, and an officer who does not own a risk cannot review it."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from improvement.demo import SLUG
from improvement.models import Person
from tests.browser.test_pages import assert_accessible, sign_in
from tests.factories import make_plan
from tests.risks.factories import make_risk

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    """The demo with its accounts and the JAR risk log (unscored), and a small scored plan so
    the heat maps have counts: R1 is owned by the demo officer (LM), R2 by someone else."""
    call_command("load_demo", "--with-demo-accounts")
    plan = make_plan("directorate", title="Directorate risk register")
    lm, other = Person.objects.get(initials="LM"), Person.objects.get(initials="SMe")
    make_risk(plan, "R1", (3, 4), (2, 4), owner=lm, mitigation="Agency staff")
    make_risk(plan, "R2", (2, 3), (3, 3), owner=other, review_date=date(2020, 1, 1))
    make_risk(plan, "R3", (2, 2), (1, 2), owner=other)
    make_risk(plan, "R4")
    return plan


def test_the_demo_register_is_accessible_and_unscored(page, live_server, demo):
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/plans/{SLUG}/risks/")
    expect(page.get_by_role("heading", name=re.compile("risks$"))).to_be_visible()
    table = page.get_by_role("table", name=re.compile("^Risks to"))
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(table.get_by_text("Not scored")).to_have_count(8)
    expect(page.get_by_text("4 open risks have no inherent scores")).to_be_visible()
    assert_accessible(page)


def test_the_heat_maps_link_each_cell_to_its_risks(page, live_server, demo):
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/plans/directorate/risks/")
    inherent = page.get_by_role("table", name=re.compile("before mitigation"))
    name = "1 risk with likelihood 3 and severity 4"
    cell = inherent.get_by_role("link", name=name)
    expect(cell).to_be_visible()
    # The band is named in words in the cell, not shown by colour alone.
    expect(inherent.locator("td", has=page.get_by_role("link", name=name))).to_contain_text("HIGH")
    assert_accessible(page)

    cell.click()
    expect(page).to_have_url(re.compile(r"likelihood=3&severity=4"))
    expect(
        page.get_by_text("Showing the heat map cell with likelihood 3 and severity 4")
    ).to_be_visible()
    table = page.get_by_role("table", name=re.compile("^Risks to"))
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Agency staff")
    assert_accessible(page)


def test_the_owner_records_a_review_and_errors_are_accessible(page, live_server, demo):
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/plans/directorate/risks/R1/")
    page.get_by_role("link", name="Record a review").click()
    page.get_by_label("Likelihood", exact=True).fill("9")
    page.get_by_role("button", name="Record the review").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the likelihood as a whole number from 1 to 4")
    expect(summary).to_contain_text("Say what the review found")
    assert_accessible(page)

    page.get_by_label("Likelihood", exact=True).fill("2")
    page.get_by_label("Likelihood after mitigation (optional)").fill("3")
    page.get_by_label("Severity after mitigation (optional)").fill("4")
    page.get_by_label("What the review found").fill("Vacancies fell; agency costs rose")
    page.get_by_label("Next review by").fill("2031-01-31")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("Review of risk R1 recorded.")).to_be_visible()
    expect(
        page.get_by_text("The residual score (12) is above the inherent score (8)")
    ).to_be_visible()
    history = page.get_by_role("table", name=re.compile("^Reviews of risk R1"))
    expect(history.locator("tbody tr").first).to_contain_text("down from 12")
    assert_accessible(page)


def test_an_officer_cannot_review_a_risk_they_do_not_own(page, live_server, demo):
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/plans/directorate/risks/R2/")
    expect(page.get_by_role("link", name="Record a review")).to_have_count(0)
    response = page.goto(f"{live_server.url}/plans/directorate/risks/R2/review/")
    assert response.status == 403


def test_the_matrix_page_is_accessible(page, live_server, demo):
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/plans/directorate/risks/matrix/")
    assert_accessible(page)
    page.get_by_label("Highest score in band 2").fill("5")
    page.get_by_role("button", name="Save the matrix").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("No score on a 4 x 4 matrix is 5")
    assert_accessible(page)
    page.get_by_label("Highest score in band 1").fill("6")
    page.get_by_label("Highest score in band 2").fill("12")
    page.get_by_role("button", name="Save the matrix").click()
    expect(
        page.get_by_text(re.compile(r"Risk matrix saved\. \d+ open risks? changed band"))
    ).to_be_visible()
