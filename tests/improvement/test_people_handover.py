"""Marking a lead as left hands over exactly their open work in the plan, after a listed
confirmation, recorded in each item's history, and deactivates their account."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement.models import Person, Plan
from improvement.people.handover import handover_reason, holdings
from improvement.status import Status
from indicators.models import Indicator
from recommendations.history import field_changes
from recommendations.models import Milestone, MilestoneLead
from recommendations.services import record_status_update
from risks.models import Risk
from tests.factories import make_milestone, make_person, make_plan, make_recommendation, make_user
from tests.indicators.conftest import make_indicator
from tests.risks.factories import make_risk

TODAY = timezone.localdate


@dataclass
class Work:
    plan: Plan
    leaver: Person  # alice: leads, owns
    own: Milestone  # alice's from plan_setup
    successor: Person  # bob
    open_first: Milestone  # alice then carol
    open_shared: Milestone  # carol, alice, bob: bob leads it already
    complete: Milestone  # alice, reported complete
    other_plan_milestone: Milestone  # alice, in another plan: not moved from this one
    indicator: Indicator
    open_risk: Risk
    closed_risk: Risk


@pytest.fixture
def work(plan_setup, alice, bob) -> Work:
    plan = plan_setup.plan
    carol = make_person("Carol Third", "CT")
    rec = make_recommendation(plan, "2")
    open_first = make_milestone(rec, "1", due=date(2030, 1, 31), leads=(alice.person, carol))
    open_shared = make_milestone(
        rec, "2", due=date(2030, 1, 31), leads=(carol, alice.person, bob.person)
    )
    complete = make_milestone(rec, "3", due=date(2030, 1, 31), leads=(alice.person,))
    record_status_update(complete, status=Status.COMPLETE, as_at=TODAY() - timedelta(days=3))
    other = make_milestone(
        make_recommendation(make_plan("elsewhere"), "1"), "1", leads=(alice.person,)
    )
    return Work(
        plan=plan,
        leaver=alice.person,
        own=plan_setup.own,
        successor=bob.person,
        open_first=open_first,
        open_shared=open_shared,
        complete=complete,
        other_plan_milestone=other,
        indicator=make_indicator(plan, "NI 59", owner=alice.person),
        open_risk=make_risk(plan, "R1", owner=alice.person),
        closed_risk=make_risk(plan, "R2", owner=alice.person, closed_on=date(2025, 1, 1)),
    )


def leave_url(work: Work) -> str:
    return reverse("person_leave", kwargs={"slug": work.plan.slug, "pk": work.leaver.pk})


def leads(milestone: Milestone) -> list[str]:
    return list(
        MilestoneLead.objects.filter(milestone=milestone)
        .order_by("order")
        .values_list("person__initials", flat=True)
    )


def preview(client, work, **data):
    form = {"action": "preview", "left_on": TODAY().isoformat(), "successor": work.successor.pk}
    return client.post(leave_url(work), {**form, **data})


def confirm(client, work, listed: str):
    return client.post(
        leave_url(work),
        {
            "action": "confirm",
            "left_on": TODAY().isoformat(),
            "successor": work.successor.pk,
            "listed": listed,
        },
    )


def test_holdings_are_the_open_milestones_pis_and_open_risks_in_this_plan(work):
    held = holdings(work.leaver, work.plan, TODAY())
    assert held.milestones == [work.own, work.open_first, work.open_shared]
    assert held.indicators == [work.indicator]
    assert held.risks == [work.open_risk]


def test_closed_milestones_and_those_of_a_closed_recommendation_are_not_handed_over(work):
    Milestone.objects.filter(pk=work.open_first.pk).update(
        closed_on=TODAY() - timedelta(days=1), closed_reason="superseded"
    )
    assert holdings(work.leaver, work.plan, TODAY()).milestones == [work.own, work.open_shared]
    work.open_shared.recommendation.closed_on = TODAY()
    work.open_shared.recommendation.closed_reason = "withdrawn by the board"
    work.open_shared.recommendation.save()
    assert holdings(work.leaver, work.plan, TODAY()).milestones == [work.own]


def test_a_completion_awaiting_sign_off_is_still_open(work):
    work.plan.completion_sign_off = True
    work.plan.save()
    record_status_update(work.open_first, status=Status.COMPLETE, as_at=TODAY())
    held = holdings(work.leaver, work.plan, TODAY())
    assert work.open_first in held.milestones


def test_the_preview_lists_what_will_move_and_changes_nothing(client, manager, work):
    client.force_login(manager)
    response = preview(client, work)
    assert response.status_code == 200
    page = response.text
    assert "2.1" in page and "2.2" in page and "NI 59" in page and "Risk R1" in page
    assert "2.3" not in page, "a complete milestone is not handed over"
    assert "Risk R2" not in page, "a closed risk is not handed over"
    assert "Their account, alice, will be deactivated" in page
    assert leads(work.open_first) == ["AL", "CT"]
    assert Person.objects.get(pk=work.leaver.pk).left_on is None


def test_confirming_hands_over_exactly_the_open_items(client, manager, work):
    client.force_login(manager)
    version_before = Plan.objects.get(pk=work.plan.pk).version
    listed = preview(client, work).context["listed"]
    response = confirm(client, work, listed)
    assert response.status_code == 302, response.content
    assert response.url == reverse("plan_people", kwargs={"slug": work.plan.slug})

    assert leads(work.open_first) == ["BO", "CT"], "the successor takes the leaver's place"
    assert leads(work.open_shared) == ["CT", "BO"], "bob already led it: alice is taken off"
    assert leads(work.complete) == ["AL"], "complete work stays with who did it"
    assert leads(work.other_plan_milestone) == ["AL"], "another plan's work is not moved here"
    assert Indicator.objects.get(pk=work.indicator.pk).owner_id == work.successor.pk
    assert Risk.objects.get(pk=work.open_risk.pk).owner_id == work.successor.pk
    assert Risk.objects.get(pk=work.closed_risk.pk).owner_id == work.leaver.pk

    leaver = Person.objects.select_related("user").get(pk=work.leaver.pk)
    assert leaver.left_on == TODAY()
    assert leaver.successor_id == work.successor.pk
    assert leaver.user.is_active is False
    assert Plan.objects.get(pk=work.plan.pk).version > version_before


def test_each_item_history_records_the_hand_over_with_who_and_why(client, manager, work):
    client.force_login(manager)
    confirm(client, work, preview(client, work).context["listed"])
    reason = f"Handed over from AL to BO: AL left on {TODAY():%-d %b %Y}"

    changes = field_changes(work.open_first)
    assert {(c.what, c.new, c.reason, c.who) for c in changes[:2]} == {
        ("Lead removed", "AL", reason, "mona"),
        ("Lead added", "BO", reason, "mona"),
    }
    (owner_change,) = [
        r for r in Indicator.history.filter(id=work.indicator.pk) if r.history_change_reason
    ]
    assert owner_change.history_change_reason == reason
    assert owner_change.history_user == manager
    risk_record = Risk.history.filter(id=work.open_risk.pk).first()
    assert (risk_record.owner_id, risk_record.history_change_reason) == (work.successor.pk, reason)

    page = client.get(work.open_first.get_absolute_url()).text
    assert reason in page, "the milestone's history shows the hand-over"
    page = client.get(work.open_risk.get_absolute_url()).text
    assert reason in page, "the risk's history shows the hand-over"
    settings_page = reverse("indicator_settings", args=[work.plan.slug, work.indicator.ref])
    assert reason in client.get(settings_page).text, "the PI's history shows the hand-over"
    page = client.get(reverse("person_edit", args=[work.plan.slug, work.leaver.pk])).text
    assert reason in page, "the person's history shows that they left"


def test_a_stale_confirmation_is_caught_and_changes_nothing(client, manager, work):
    client.force_login(manager)
    listed = preview(client, work).context["listed"]
    # Meanwhile a new milestone is given to alice.
    late = make_milestone(work.open_first.recommendation, "9", leads=(work.leaver,))
    response = confirm(client, work, listed)
    assert response.status_code == 409
    assert "has changed since you looked" in response.text
    assert "2.9" in response.text, "the list is shown again as it is now"
    assert leads(work.open_first) == ["AL", "CT"]
    assert Person.objects.get(pk=work.leaver.pk).left_on is None
    # Confirming the list as now shown goes through, the new milestone with it.
    assert confirm(client, work, response.context["listed"]).status_code == 302
    assert leads(late) == ["BO"]


def test_a_successor_is_required_when_there_is_open_work(client, manager, work):
    client.force_login(manager)
    response = preview(client, work, successor="")
    assert response.status_code == 200
    assert "Choose who takes over their 5 open items" in response.text
    assert Person.objects.get(pk=work.leaver.pk).left_on is None


@pytest.mark.parametrize(
    ("left_on", "message"),
    [
        ("", "Enter the day they left"),
        ("31/02/2026", "Enter a real date"),
        ((date.today() + timedelta(days=2)).isoformat(), "Enter today or an earlier date"),
    ],
)
def test_the_leaving_date_is_checked(client, manager, work, left_on, message):
    client.force_login(manager)
    response = preview(client, work, left_on=left_on)
    assert message in response.text


def test_the_successor_must_be_a_current_person(client, manager, work):
    gone = make_person("Gone Before", "GB", left_on=date(2025, 1, 1))
    client.force_login(manager)
    response = preview(client, work, successor=gone.pk)
    assert "Choose who takes over from the list" in response.text
    response = preview(client, work, successor=work.leaver.pk)
    assert "Choose who takes over from the list" in response.text


def test_a_person_with_nothing_open_leaves_without_a_successor(client, manager, plan_setup):
    quiet = make_person("Quiet One", "QO", user=make_user("quiet"))
    client.force_login(manager)
    url = reverse("person_leave", kwargs={"slug": plan_setup.plan.slug, "pk": quiet.pk})
    response = client.post(url, {"action": "preview", "left_on": "2026-01-05"})
    assert "They hold no open milestones" in response.text
    response = client.post(
        url,
        {"action": "confirm", "left_on": "2026-01-05", "listed": response.context["listed"]},
    )
    assert response.status_code == 302
    quiet.refresh_from_db()
    assert quiet.left_on == date(2026, 1, 5)
    quiet.user.refresh_from_db()
    assert not quiet.user.is_active


def test_people_who_have_left_are_not_offered_as_successors_or_pi_owners(
    client, manager, administrator, work
):
    gone = make_person("Gone Before", "GB", left_on=date(2025, 1, 1))
    client.force_login(manager)
    form = client.get(leave_url(work)).context["form"]
    assert gone not in form.fields["successor"].queryset
    assert work.successor in form.fields["successor"].queryset
    client.force_login(administrator)
    settings_url = reverse(
        "indicator_settings", kwargs={"slug": work.plan.slug, "ref": work.indicator.ref}
    )
    owners = client.get(settings_url).context["form"].fields["owner"].queryset
    assert gone not in owners and work.successor in owners


@pytest.mark.parametrize(
    ("leaver", "successor", "expected"),
    [
        ("SMe", "LM", "Handed over from SMe to LM: SMe left on 3 Mar 2026"),
        ("SMe", None, "SMe left on 3 Mar 2026"),
        ("Director Children and Families", "AD", None),
        ("A" * 120, "B" * 120, None),
    ],
)
def test_the_reason_fits_the_history(leaver, successor, expected):
    reason = handover_reason(
        Person(name=leaver), Person(name=successor) if successor else None, date(2026, 3, 3)
    )
    assert len(reason) <= 100
    assert reason.endswith("left on 3 Mar 2026")
    if expected:
        assert reason == expected
    else:
        assert reason.startswith("Handed over from ")
