"""A plan manager runs the plan's people in real Chromium: the list, the person form with its
errors, the hand-over preview and confirmation, and an invitation the invited officer takes
up; axe finds no WCAG 2.2 AA issue on any of these pages."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from improvement.demo import DEMO_PASSWORD, SLUG
from improvement.models import Person
from recommendations.models import MilestoneLead
from tests.browser.test_pages import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--with-demo-accounts")


def test_the_people_list_and_the_person_form(page, live_server, demo):
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/plans/{SLUG}/")
    page.get_by_role("navigation", name="This plan").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", name=re.compile("people$"))).to_be_visible()
    table = page.get_by_role("table", name=re.compile("people"))
    expect(table.get_by_role("row", name=re.compile("Linda Maden"))).to_contain_text("officer")
    assert_accessible(page)

    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Initials (optional)").fill("LM")
    page.get_by_label("E-mail address (optional)").fill("not an address")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter the person's name")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("has the initials LM already"))).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Name", exact=True).fill("Pat Newcomer")
    page.get_by_label("Initials (optional)").fill("PN")
    page.get_by_label("Job title (optional)").fill("Head of Early Help")
    page.get_by_label("E-mail address (optional)").fill("pat@example.gov.uk")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Pat Newcomer is saved.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Pat Newcomer"))).to_contain_text("No account")


def test_a_lead_leaves_and_their_work_is_handed_over(page, live_server, demo):
    leaver = Person.objects.get(initials="LM")
    led = set(MilestoneLead.objects.filter(person=leaver).values_list("milestone", flat=True))
    assert led
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/plans/{SLUG}/people/")
    page.get_by_role("link", name=re.compile("Mark as left.*Linda Maden")).click()
    expect(page.get_by_role("heading", name="Mark Linda Maden as left")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Who takes over their work").select_option(label="Steve Merrell (SMe)")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=re.compile("^Check and confirm"))).to_be_visible()
    expect(page.get_by_text("Their account, officer, will be deactivated")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Confirm the hand-over").click()
    expect(page.get_by_text(re.compile("Linda Maden is marked as left"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Linda Maden"))).to_contain_text("Deactivated")
    assert_accessible(page)


def test_an_invited_officer_chooses_a_password_and_sees_what_they_lead(page, live_server, demo):
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/plans/{SLUG}/people/")
    page.get_by_role("link", name="Account of Steve Merrell").click()
    page.get_by_label("Their e-mail address").fill("steve.merrell@example.gov.uk")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text(re.compile("Steve Merrell is invited"))).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()

    (invitation,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", invitation.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill("sue-chooses-a-long-one-77")
    page.get_by_label("New password confirmation").fill("sue-chooses-a-long-one-77")
    page.get_by_role("button", name="Save the password and sign in").click()
    expect(page.get_by_text("Your password is set and you are signed in")).to_be_visible()
    # Signing in leads a lead to their milestones: the ones Steve Merrell leads.
    expect(page).to_have_url(re.compile(r"/me/$"))
    led = MilestoneLead.objects.filter(person__initials="SMe").select_related("milestone")
    first = led.order_by("milestone__recommendation__ref_sort", "milestone__ref_sort")[0]
    expect(page.get_by_text(first.milestone.text[:30]).first).to_be_visible()


def test_an_officer_sets_their_own_e_mail_address(page, live_server, demo):
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/account/")
    page.get_by_label("E-mail address").fill("linda")
    page.get_by_role("button", name="Save the e-mail address").click()
    expect(
        page.get_by_role("link", name="Enter your password to confirm the change")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("E-mail address").fill("linda.maden@example.gov.uk")
    page.get_by_label("Your password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Save the e-mail address").click()
    expect(
        page.get_by_text("Your e-mail address is now linda.maden@example.gov.uk")
    ).to_be_visible()
    assert Person.objects.get(initials="LM").email == "linda.maden@example.gov.uk"
