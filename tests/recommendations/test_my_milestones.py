"""My milestones: what an officer leads, soonest due first, with the filters they use."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from improvement import roles
from improvement.status import Status
from recommendations.services import record_status_update
from tests.factories import make_milestone, make_plan, make_recommendation, make_user

TODAY = date.today()


@pytest.fixture
def mine(alice, bob):
    """Four milestones alice leads in two plans, and one of bob's."""
    plan = make_plan("alpha", title="Alpha plan", reporting_cycle_days=30)
    beta = make_plan("beta", title="Beta plan", reporting_cycle_days=30)
    rec = make_recommendation(plan, "1")
    rec_b = make_recommendation(beta, "7")
    lead = (alice.person,)
    late = make_milestone(rec, "1", due=TODAY - timedelta(days=40), leads=lead, text="Late one")
    soon = make_milestone(rec, "2", due=TODAY + timedelta(days=12), leads=lead, text="Soon one")
    later = make_milestone(rec_b, "1", due=TODAY + timedelta(days=90), leads=lead, text="Later")
    undated = make_milestone(rec_b, "2", leads=lead, text="Undated one")
    make_milestone(rec, "3", due=TODAY, leads=(bob.person,), text="Bob's own")
    record_status_update(late, status=Status.ON_TRACK, as_at=TODAY - timedelta(days=60))
    record_status_update(soon, status=Status.ON_TRACK, as_at=TODAY - timedelta(days=2))
    return {"late": late, "soon": soon, "later": later, "undated": undated}


def page(client, user, query=""):
    client.force_login(user)
    response = client.get(reverse("my_milestones") + query)
    assert response.status_code == 200
    return response.text


def test_sorted_by_due_date_with_what_is_due_and_late(mine, client, alice):
    text = page(client, alice)
    order = [text.index(t) for t in ("Late one", "Soon one", "Later", "Undated one")]
    assert order == sorted(order)
    assert "overdue by 40 days" in text
    assert "due in 12 days" in text
    assert "Bob&#x27;s own" not in text
    assert "Showing 4 of 4 milestones." in text
    assert (
        'app-status--off_track">Off track</strong> <span class="app-status-reason">(overdue)'
        in text
    )


def test_revised_due_date_decides_the_order_and_the_lateness(mine, client, alice):
    record_status_update(
        mine["late"],
        status=Status.BEHIND,
        as_at=TODAY,
        comment="New supplier",
        revised_due_date=TODAY + timedelta(days=200),
        revision_reason="Supplier changed",
    )
    text = page(client, alice)
    assert text.index("Later") < text.index("Late one")
    assert "overdue by" not in text


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("?plan=beta", {"Later", "Undated one"}),
        ("?overdue=on", {"Late one"}),
        ("?due_within=30", {"Soon one"}),
        ("?due_within=100", {"Soon one", "Later"}),
        ("?status=off_track", {"Late one"}),
        ("?status=not_started", {"Later", "Undated one"}),
        ("?stale=on", {"Late one", "Later", "Undated one"}),
        ("?plan=alpha&stale=on", {"Late one"}),
    ],
)
def test_filters(mine, client, alice, query, shown):
    text = page(client, alice, query)
    assert {t for t in ("Late one", "Soon one", "Later", "Undated one") if t in text} == shown


def test_a_bad_filter_says_so(mine, client, alice):
    text = page(client, alice, "?due_within=soon")
    assert "Enter a whole number of days" in text


def test_an_account_with_no_lead_is_told_what_to_do(client, db):
    text = page(client, make_user("nora", roles.OFFICER))
    assert "Your account is not linked to a lead" in text


def test_a_lead_with_no_milestones_is_told_what_to_do(client, alice):
    assert "leads no milestones yet" in page(client, alice)


def test_each_row_has_a_quick_update_form_that_works_without_javascript(mine, client, alice):
    text = page(client, alice)
    soon = mine["soon"]
    action = reverse("milestone_update", kwargs={"slug": "alpha", "pk": soon.pk})
    assert f'action="{action}"' in text
    assert f'name="version" value="{soon.version}"' in text


def test_queries_do_not_grow_with_the_number_of_milestones(
    mine, client, alice, django_assert_max_num_queries
):
    client.force_login(alice)
    # session, user, roles (header), person, milestones with status as at today, their leads.
    with django_assert_max_num_queries(7):
        client.get(reverse("my_milestones"))
    rec = make_recommendation(make_plan("gamma"), "1")
    for n in range(20):
        make_milestone(rec, str(n), due=TODAY, leads=(alice.person,))
    with django_assert_max_num_queries(7):
        response = client.get(reverse("my_milestones"))
    assert "Showing 24 of 24" in response.text
