"""Issue 15's first "Done when", as one journey through the real UI in Chromium, by a plan
manager who is not an administrator: the demo officer Linda Maden, made a manager member of the
demo plan. She adds a person, a theme, a recommendation and two milestones (the new person
leading one); changes a due date with a reason; closes a milestone as superseded and sees the
dashboard as at a date before the close unchanged and as at a date after it one milestone
fewer; marks a lead as left and hands their work over to the new person (the preview lists it,
confirming moves it); and invites the new person, who follows the e-mailed link, chooses a
password, is signed in and sees the milestones she leads. axe checks every page on the way."""

import re
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from improvement.demo import SLUG
from improvement.models import Person, Plan, PlanMember
from improvement.people.handover import open_milestones
from recommendations.models import Milestone, MilestoneLead, StatusUpdate
from tests.browser.test_pages import assert_accessible, sign_in

pytestmark = pytest.mark.browser

# The demo milestone closed as superseded is imported, so it counts at every date: closing it
# from 1 May 2006 must leave April's figures as they were and take it out of May's.
CLOSED_FROM = "2006-05-01"
BEFORE_CLOSE = "2006-04-30"
AFTER_CLOSE = "2006-05-31"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", "--with-demo-accounts")
    plan = Plan.objects.get(slug=SLUG)
    manager = Person.objects.get(initials="LM")
    PlanMember.objects.create(plan=plan, person=manager, role=PlanMember.Role.MANAGER)
    assert not manager.user.is_superuser and not manager.user.is_staff


def plan_nav(page):
    return page.get_by_role("navigation", name="This plan")


def dashboard_figures(page, live_server, as_at):
    """The dashboard's headline and its milestones by status, as at a date."""
    page.goto(f"{live_server.url}/plans/{SLUG}/dashboard/?as_at={as_at}")
    heading = page.get_by_role("heading", name=re.compile(r"^All \d+ milestones by status$"))
    expect(heading).to_be_visible()
    assert_accessible(page)
    total = int(re.search(r"\d+", heading.inner_text()).group(0))
    return total, page.locator("main").inner_text()


def test_a_plan_manager_runs_the_plan_in_the_browser(page, live_server, demo):
    sign_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/plans/{SLUG}/")
    assert_accessible(page)

    # People: a new officer of the council, who will lead a new milestone and be invited.
    plan_nav(page).get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", name=re.compile("people$"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add a person").click()
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Pat Newcomer")
    page.get_by_label("Initials (optional)").fill("PN")
    page.get_by_label("Job title (optional)").fill("Head of Early Help")
    page.get_by_label("E-mail address (optional)").fill("pat.newcomer@example.gov.uk")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Pat Newcomer is saved.")).to_be_visible()
    assert_accessible(page)

    # Structure: a theme, a recommendation and two milestones, Pat leading the first.
    plan_nav(page).get_by_role("link", name="Structure", exact=True).click()
    expect(page.get_by_role("heading", name="Plan structure")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add a theme").click()
    assert_accessible(page)
    page.get_by_label("Name").fill("Partnership working")
    page.get_by_role("button", name="Add theme").click()
    expect(page.get_by_text("Theme Partnership working added.")).to_be_visible()

    page.get_by_role("link", name="Add a recommendation to Partnership working").click()
    assert_accessible(page)
    page.get_by_label("Number").fill("40")
    page.get_by_label("Title (optional)").fill("Joint commissioning")
    page.get_by_label("Wording").fill("Commission services jointly with health partners.")
    page.get_by_role("button", name="Add recommendation").click()
    expect(
        page.get_by_role("heading", name="Recommendation 40 — Joint commissioning")
    ).to_be_visible()

    for ref, text, lead in (
        ("1", "Agree a joint commissioning plan", "Pat Newcomer (PN)"),
        ("2", "Pool the early help budgets", None),
    ):
        page.get_by_role("link", name="Add a milestone to recommendation 40").click()
        assert_accessible(page)
        page.get_by_label("Number").fill(ref)
        page.get_by_label("Milestone", exact=True).fill(text)
        page.get_by_label("Due (optional)").fill("31/03/2027")
        if lead:
            page.get_by_label(lead).check()
        page.get_by_role("button", name="Add milestone").click()
        expect(page.get_by_text(f"Milestone 40.{ref} added.")).to_be_visible()
    assert_accessible(page)
    first = Milestone.objects.get(
        recommendation__plan__slug=SLUG, recommendation__ref="40", ref="1"
    )
    assert [person.initials for person in first.leads.all()] == ["PN"]

    # A new due date needs its reason, and is kept as a revision.
    page.get_by_role("link", name="Change milestone 40.1").click()
    assert_accessible(page)
    page.get_by_label("Due date", exact=True).fill("2027-09-30")
    page.get_by_text("If you change the due date").click()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("link", name="Give the reason for the new due date")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("^Reason for the new due date")).fill(
        "Health partners asked for more time"
    )
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Milestone 40.1 changed.")).to_be_visible()
    revision = StatusUpdate.objects.get(milestone=first)
    assert revision.revised_due_date == date(2027, 9, 30)
    assert revision.revision_reason == "Health partners asked for more time"

    # Close an imported milestone as superseded: the figures before the date stay as they were.
    before_total, before_text = dashboard_figures(page, live_server, BEFORE_CLOSE)
    after_total, _ = dashboard_figures(page, live_server, AFTER_CLOSE)
    closed = Milestone.objects.filter(recommendation__plan__slug=SLUG, recommendation__ref="1")
    closed = closed.order_by("ref_sort").first()
    page.goto(f"{live_server.url}/plans/{SLUG}/structure/")
    page.get_by_role("link", name=f"Close milestone 1.{closed.ref}", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Closed from").fill(CLOSED_FROM)
    page.get_by_label("Reason").fill("superseded")
    page.get_by_role("button", name=re.compile("^Close milestone")).click()
    expect(page.locator(f"#milestone-{closed.pk}")).to_contain_text(
        "Closed: superseded, 1 May 2006"
    )
    assert_accessible(page)
    assert dashboard_figures(page, live_server, BEFORE_CLOSE) == (before_total, before_text)
    assert dashboard_figures(page, live_server, AFTER_CLOSE)[0] == after_total - 1

    # A lead leaves: the preview lists their open work, confirming hands it to Pat.
    leaver = Person.objects.get(initials="SMe")
    plan = Plan.objects.get(slug=SLUG)
    all_led = set(
        MilestoneLead.objects.filter(
            person=leaver, milestone__recommendation__plan=plan
        ).values_list("milestone__pk", flat=True)
    )
    open_led = set(
        open_milestones(plan, timezone.localdate())
        .filter(lead_links__person=leaver)
        .values_list("pk", flat=True)
    )
    # Some of their work is done: what is complete stays theirs, the rest moves.
    assert open_led and all_led - open_led
    page.goto(f"{live_server.url}/plans/{SLUG}/people/")
    page.get_by_role("link", name=re.compile("Mark as left.*Steve Merrell")).click()
    expect(page.get_by_role("heading", name="Mark Steve Merrell as left")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Who takes over their work").select_option(label="Pat Newcomer (PN)")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=re.compile("^Check and confirm"))).to_be_visible()
    expect(page.get_by_text(f"These {len(open_led)} open items of this plan")).to_be_visible()
    assert_accessible(page)
    listed = page.locator("main")
    for milestone in Milestone.objects.filter(pk__in=open_led).select_related("recommendation"):
        expect(listed).to_contain_text(milestone.text[:40])
    page.get_by_role("button", name="Confirm the hand-over").click()
    expect(page.get_by_text(re.compile("Steve Merrell is marked as left"))).to_be_visible()
    assert_accessible(page)
    assert not MilestoneLead.objects.filter(person=leaver, milestone__in=open_led).exists()
    handed = set(
        MilestoneLead.objects.filter(person__initials="PN", milestone__in=open_led).values_list(
            "milestone__pk", flat=True
        )
    )
    assert handed == open_led
    kept = set(MilestoneLead.objects.filter(person=leaver).values_list("milestone__pk", flat=True))
    assert kept == all_led - open_led

    # Pat is invited by e-mail, follows the link, chooses a password and sees her milestones.
    page.get_by_role("link", name="Account of Pat Newcomer").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text(re.compile("Pat Newcomer is invited"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()

    (invitation,) = mail.outbox
    assert invitation.to == ["pat.newcomer@example.gov.uk"]
    assert invitation.subject.startswith("You have been invited to Improvement Tracker for")
    account = Person.objects.get(initials="PN").user
    assert [group.name for group in account.groups.all()] == ["Officer"]
    assert not account.has_usable_password()
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", invitation.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill("pat-chooses-a-long-one-41")
    page.get_by_label("New password confirmation").fill("pat-chooses-a-long-one-41")
    page.get_by_role("button", name="Save the password and sign in").click()
    expect(page.get_by_text("Your password is set and you are signed in")).to_be_visible()
    # She must still be signed in on the next request, which leads a lead to their milestones.
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_text("Agree a joint commissioning plan").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Agree a joint commissioning plan")).first.click()
    expect(page.get_by_role("heading", name=re.compile("40.1"))).to_be_visible()
    assert_accessible(page)
