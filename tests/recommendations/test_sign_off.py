"""Completion sign-off: a lead's Complete is a request until a plan manager confirms it."""

from datetime import date

import pytest
from django.urls import reverse

from improvement.status import Status
from recommendations.models import SignOff, StatusUpdate
from recommendations.services import record_status_update
from recommendations.snapshot import plan_snapshot

AS_AT = date(2026, 1, 5)


@pytest.fixture
def requested(plan_setup, alice):
    plan_setup.plan.completion_sign_off = True
    plan_setup.plan.save()
    record_status_update(
        plan_setup.own,
        status=Status.COMPLETE,
        as_at=AS_AT,
        evidence="Audit report, January",
        author=alice,
    )
    plan_setup.own.refresh_from_db()
    return plan_setup.own


def sign_off_url(milestone):
    return reverse("milestone_sign_off", kwargs={"slug": "improve", "pk": milestone.pk})


def test_without_the_setting_complete_is_complete(plan_setup):
    record_status_update(plan_setup.own, status=Status.COMPLETE, as_at=AS_AT, evidence="x")
    plan_setup.own.refresh_from_db()
    assert plan_setup.own.awaiting_sign_off is False
    snapshot = plan_snapshot(plan_setup.plan, AS_AT)
    assert snapshot.milestones[0].effective.status == Status.COMPLETE


def test_a_requested_completion_counts_as_on_track_everywhere(
    requested, plan_setup, client, director
):
    assert requested.awaiting_sign_off is True
    assert StatusUpdate.objects.get().sign_off == SignOff.REQUESTED
    row = plan_snapshot(plan_setup.plan, AS_AT).milestones[0]
    assert (row.effective.status, row.effective.label) == (
        Status.ON_TRACK,
        "Complete, awaiting sign-off",
    )
    client.force_login(director)
    page = client.get("/plans/improve/?as_at=2026-01-05").text
    assert 'app-status--on_track">Complete, awaiting sign-off</strong>' in page


def test_a_manager_confirms_and_it_is_complete(requested, plan_setup, client, manager):
    client.force_login(manager)
    page = client.get(requested.get_absolute_url()).text
    assert "Sign off or return the completion" in page
    form = client.get(sign_off_url(requested)).text
    assert "Audit report, January" in form
    response = client.post(
        sign_off_url(requested), {"decision": "confirm", "version": requested.version}
    )
    assert response.status_code == 302
    requested.refresh_from_db()
    assert (requested.status, requested.awaiting_sign_off) == (Status.COMPLETE, False)
    latest = requested.updates.order_by("-created").first()
    assert (latest.sign_off, latest.author) == (SignOff.CONFIRMED, manager)
    row = plan_snapshot(plan_setup.plan, date.today()).milestones[0]
    assert row.effective.status == Status.COMPLETE


def test_a_manager_returns_it_with_a_reason(requested, client, manager):
    client.force_login(manager)
    missing = client.post(
        sign_off_url(requested), {"decision": "return", "reason": "", "version": requested.version}
    )
    assert missing.status_code == 200
    assert "Say why the completion is returned" in missing.text
    response = client.post(
        sign_off_url(requested),
        {"decision": "return", "reason": "No evidence of training", "version": requested.version},
    )
    assert response.status_code == 302
    requested.refresh_from_db()
    assert (requested.status, requested.awaiting_sign_off) == (Status.ON_TRACK, False)
    latest = requested.updates.order_by("-created").first()
    assert (latest.sign_off, latest.comment) == (SignOff.RETURNED, "No evidence of training")


def test_nothing_to_sign_off_sends_the_manager_back(plan_setup, client, manager):
    client.force_login(manager)
    response = client.get(sign_off_url(plan_setup.own))
    assert response.status_code == 302
    assert response.url == plan_setup.own.get_absolute_url()


def test_a_sign_off_against_a_stale_form_is_refused(requested, client, manager, alice):
    opened = requested.version
    record_status_update(
        requested, status=Status.BEHIND, as_at=date.today(), comment="Reopened", author=alice
    )
    # The plan still asks for sign-off of nothing now, so the manager is sent back.
    client.force_login(manager)
    response = client.post(sign_off_url(requested), {"decision": "confirm", "version": opened})
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == Status.BEHIND


def test_a_confirmation_against_an_older_request_is_refused(requested, client, manager, alice):
    opened = requested.version
    record_status_update(
        requested,
        status=Status.COMPLETE,
        as_at=date.today(),
        evidence="Better evidence",
        comment="Resubmitted",
        author=alice,
    )
    client.force_login(manager)
    response = client.post(sign_off_url(requested), {"decision": "confirm", "version": opened})
    assert response.status_code == 409
    assert "Someone else updated this milestone" in response.text
    assert "Resubmitted" in response.text
    requested.refresh_from_db()
    assert requested.awaiting_sign_off is True


def test_a_returned_completion_goes_back_to_the_status_reported_before(plan_setup, alice, manager):
    from recommendations.services import decide_sign_off

    plan_setup.plan.completion_sign_off = True
    plan_setup.plan.save()
    milestone = plan_setup.own
    record_status_update(milestone, status=Status.BEHIND, as_at=AS_AT, comment="slow")
    record_status_update(milestone, status=Status.COMPLETE, as_at=AS_AT, evidence="done")
    decide_sign_off(milestone, confirm=False, reason="No minutes", as_at=AS_AT, author=manager)
    milestone.refresh_from_db()
    assert milestone.status == Status.BEHIND


def test_the_dashboard_lists_completions_awaiting_sign_off(requested, client, director):
    client.force_login(director)
    page = client.get(reverse("plan_dashboard", args=["improve"]) + "?as_at=2026-01-05").text
    section = page[page.index("Awaiting sign-off (1)") :]
    assert requested.full_ref in section[: section.index("</table>")]


def test_the_officer_sees_that_sign_off_is_needed_and_when_it_is_returned(
    requested, client, alice, manager
):
    client.force_login(alice)
    form = client.get(reverse("milestone_update", args=["improve", requested.pk])).text
    assert "a plan manager confirms each completion" in form
    client.force_login(manager)
    client.post(
        reverse("milestone_sign_off", args=["improve", requested.pk]),
        {"decision": "return", "reason": "No minutes attached", "version": requested.version},
    )
    client.force_login(alice)
    mine = client.get(reverse("my_milestones")).text
    assert "Completion returned: No minutes attached" in mine
