"""The plan structure pages: a plan's managers and administrators add, change, reorder and close
themes, recommendations, outcomes and milestones; everyone else is refused; every change is
recorded with who, when and before -> after."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement.models import Plan, Theme
from recommendations.models import Milestone, Outcome, Recommendation, StatusUpdate
from recommendations.services import record_status_update
from recommendations.structure import last_change, moved
from tests.factories import make_milestone, make_person, make_recommendation

TODAY = timezone.localdate()


def url(name, plan, pk=None):
    kwargs = {"slug": plan.slug} | ({"pk": pk} if pk else {})
    return reverse(name, kwargs=kwargs)


def pages(setup):
    """Every structure page (GET) with the plan's objects in it."""
    plan, milestone = setup.plan, setup.own
    rec, theme = milestone.recommendation, milestone.recommendation.theme
    outcome = Outcome.objects.create(recommendation=rec, text="Children are safe")
    return [
        url("plan_structure", plan),
        url("theme_add", plan),
        url("theme_edit", plan, theme.pk),
        url("recommendation_add", plan),
        url("recommendation_edit", plan, rec.pk),
        url("recommendation_close", plan, rec.pk),
        url("outcome_add", plan),
        url("outcome_edit", plan, outcome.pk),
        url("milestone_add", plan),
        url("milestone_edit", plan, milestone.pk),
        url("milestone_close", plan, milestone.pk),
    ]


@pytest.mark.parametrize("who", ["manager", "administrator"])
def test_managers_and_administrators_open_every_structure_page(client, request, plan_setup, who):
    client.force_login(request.getfixturevalue(who))
    for address in pages(plan_setup):
        assert client.get(address).status_code == 200, address


@pytest.mark.parametrize("who", ["alice", "officer", "director", "clerk"])
def test_everyone_else_is_refused_every_structure_page_and_write(client, request, plan_setup, who):
    client.force_login(request.getfixturevalue(who))
    before = (Theme.objects.count(), Milestone.objects.filter(closed_on__isnull=False).count())
    for address in pages(plan_setup):
        assert client.get(address).status_code == 403, address
        assert client.post(address, {"name": "X", "closed_on": "2026-01-01"}).status_code == 403
    move = url("milestone_move", plan_setup.plan, plan_setup.own.pk)
    assert client.post(move, {"direction": "down"}).status_code == 403
    assert (Theme.objects.count(), Milestone.objects.filter(closed_on__isnull=False).count()) == (
        before
    )


def test_a_plan_manager_of_another_plan_is_refused(client, manager, plan_setup):
    other = Plan.objects.create(slug="other", title="Another plan")
    client.force_login(manager)
    assert client.get(url("plan_structure", other)).status_code == 403


def test_another_plans_item_is_not_found_in_this_plans_address(client, manager, plan_setup):
    other = Plan.objects.create(slug="other", title="Another plan")
    foreign = make_milestone(make_recommendation(other, "9"), "1")
    client.force_login(manager)
    assert client.get(url("milestone_edit", plan_setup.plan, foreign.pk)).status_code == 404
    assert (
        client.get(url("theme_edit", plan_setup.plan, foreign.recommendation.theme_id)).status_code
        == 404
    )


def test_only_managers_see_the_structure_tab(client, manager, director, plan_setup):
    plan_page = url("plan_detail", plan_setup.plan)
    client.force_login(manager)
    assert url("plan_structure", plan_setup.plan) in client.get(plan_page).text
    client.force_login(director)
    assert url("plan_structure", plan_setup.plan) not in client.get(plan_page).text


def test_a_manager_builds_a_plan_theme_by_theme(client, manager, alice, plan_setup):
    plan = plan_setup.plan
    client.force_login(manager)
    response = client.post(
        url("theme_add", plan), {"name": "Leadership and Governance", "code": "LG"}
    )
    assert response.status_code == 302
    theme = Theme.objects.get(plan=plan, name="Leadership and Governance")
    response = client.post(
        url("recommendation_add", plan),
        {
            "theme": theme.pk,
            "ref": "4",
            "title": "Safeguarding audits",
            "text": "Audit every safeguarding referral monthly.",
            "timescale": "Within 6 months",
        },
    )
    assert response.status_code == 302
    rec = Recommendation.objects.get(plan=plan, ref="4")
    assert (rec.title, rec.theme) == ("Safeguarding audits", theme)
    client.post(url("outcome_add", plan), {"recommendation": rec.pk, "text": "Audits are done"})
    outcome = Outcome.objects.get(recommendation=rec)
    response = client.post(
        url("milestone_add", plan),
        {
            "recommendation": rec.pk,
            "ref": "1",
            "text": "Agree the audit tool",
            "outcome": outcome.pk,
            "leads": [alice.person.pk, manager.person.pk],
            "due_text": "June 2026",
        },
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(recommendation=rec, ref="1")
    assert milestone.due_date == date(2026, 6, 30)
    assert milestone.due_text == "June 2026"
    assert [p.pk for p in milestone.lead_people] == [alice.person.pk, manager.person.pk]
    outline = client.get(url("plan_structure", plan)).text
    assert "Recommendation 4 — Safeguarding audits" in outline
    assert "Agree the audit tool" in outline


def test_bad_input_is_shown_field_by_field_and_nothing_is_lost(client, manager, plan_setup):
    plan = plan_setup.plan
    client.force_login(manager)
    response = client.post(
        url("recommendation_add", plan),
        {"theme": "", "ref": "1", "title": "Kept title", "text": ""},
    )
    assert response.status_code == 200
    page = response.text
    assert "There is a problem" in page
    assert "Choose the theme" in page
    assert "The plan already has a recommendation 1" in page
    assert "Enter the recommendation&#x27;s wording" in page
    assert 'value="Kept title"' in page
    response = client.post(
        url("milestone_add", plan),
        {
            "recommendation": plan_setup.own.recommendation_id,
            "ref": "1",
            "text": "x",
            "due_text": "someday",
        },
    )
    assert "already has a milestone 1" in response.text
    assert "Enter a due date the tracker can read" in response.text


def edit_data(milestone, **changes):
    data = {
        "ref": milestone.ref,
        "text": milestone.text,
        "success_criteria": milestone.success_criteria,
        "outcome": "",
        "leads": [p.pk for p in milestone.lead_people],
        "due": (milestone.revised_due_date or milestone.due_date).isoformat(),
        "revised_from": TODAY.isoformat(),
        "revision_reason": "",
        "version": Milestone.objects.get(pk=milestone.pk).version,
        "last_change": "",
    }
    return data | changes


def test_a_new_due_date_needs_a_reason_and_is_a_revision_from_a_date(client, manager, plan_setup):
    milestone = plan_setup.own
    address = url("milestone_edit", plan_setup.plan, milestone.pk)
    since = TODAY - timedelta(days=3)
    client.force_login(manager)
    refused = client.post(address, edit_data(milestone, due="2031-03-31"))
    assert "Give the reason for the new due date" in refused.text
    assert Milestone.objects.get(pk=milestone.pk).revised_due_date is None

    response = client.post(
        address,
        edit_data(
            milestone,
            due="2031-03-31",
            revised_from=since.isoformat(),
            revision_reason="Staff left",
        ),
    )
    assert response.status_code == 302
    revision = StatusUpdate.objects.get(milestone=milestone)
    assert (revision.as_at, revision.revised_due_date, revision.revision_reason) == (
        since,
        date(2031, 3, 31),
        "Staff left",
    )
    assert revision.author == manager
    # As at the day before the revision, the old date stands; from it, the new one.
    rows = Milestone.objects.filter(pk=milestone.pk)
    assert rows.with_status_as_at(since - timedelta(days=1)).get().effective_due_date == date(
        2030, 6, 30
    )
    assert rows.with_status_as_at(since).get().effective_due_date == date(2031, 3, 31)
    # The milestone's history shows who changed the date, before -> after, and why.
    detail = client.get(milestone.get_absolute_url()).text
    assert "30 Jun 2030" in detail and "31 Mar 2031" in detail and "Staff left" in detail


def test_a_revision_cannot_start_before_the_latest_status_update(client, manager, plan_setup):
    milestone = plan_setup.own
    record_status_update(milestone, status="on_track", as_at=TODAY)
    client.force_login(manager)
    response = client.post(
        url("milestone_edit", plan_setup.plan, milestone.pk),
        edit_data(
            milestone,
            due="2031-03-31",
            revised_from=(TODAY - timedelta(days=1)).isoformat(),
            revision_reason="Late",
        ),
    )
    assert "before the milestone&#x27;s latest status update" in response.text


def test_two_managers_editing_one_milestone_the_second_is_told_not_overwritten(
    client, manager, administrator, plan_setup
):
    milestone = plan_setup.own
    address = url("milestone_edit", plan_setup.plan, milestone.pk)
    opened = edit_data(milestone)
    client.force_login(administrator)
    assert client.post(address, opened | {"text": "Ada's wording"}).status_code == 302
    client.force_login(manager)
    response = client.post(address, opened | {"text": "Mona's wording"})
    assert response.status_code == 409
    assert "Not saved" in response.text
    assert "Mona&#x27;s wording" in response.text  # her text is kept in the form
    assert Milestone.objects.get(pk=milestone.pk).text == "Ada's wording"


def test_two_managers_editing_one_recommendation_the_second_is_told(
    client, manager, administrator, plan_setup
):
    rec = plan_setup.own.recommendation
    address = url("recommendation_edit", plan_setup.plan, rec.pk)
    opened = {
        "theme": rec.theme_id,
        "ref": rec.ref,
        "title": "",
        "text": rec.text,
        "timescale": "",
        "last_change": last_change(rec),
    }
    client.force_login(administrator)
    assert client.post(address, opened | {"title": "Ada's title"}).status_code == 302
    client.force_login(manager)
    response = client.post(address, opened | {"title": "Mona's title"})
    assert response.status_code == 409
    assert Recommendation.objects.get(pk=rec.pk).title == "Ada's title"


def test_a_change_is_recorded_with_who_and_before_and_after(client, manager, plan_setup):
    rec = plan_setup.own.recommendation
    address = url("recommendation_edit", plan_setup.plan, rec.pk)
    client.force_login(manager)
    client.post(
        address,
        {
            "theme": rec.theme_id,
            "ref": rec.ref,
            "title": "Safeguarding audits",
            "text": rec.text,
            "timescale": "",
            "last_change": last_change(rec),
        },
    )
    page = client.get(address).text
    assert "Change history" in page
    row = page[page.index("Safeguarding audits", page.index("Change history")) - 400 :]
    assert "Title" in row and "mona" in row


def test_closing_a_milestone_keeps_it_visible_and_records_the_reason(client, manager, plan_setup):
    milestone = plan_setup.other
    client.force_login(manager)
    response = client.post(
        url("milestone_close", plan_setup.plan, milestone.pk),
        {"closed_on": "2026-03-12", "reason": "", "version": milestone.version},
    )
    assert "Give the reason it is closed" in response.text
    response = client.post(
        url("milestone_close", plan_setup.plan, milestone.pk),
        {"closed_on": "2026-03-12", "reason": "superseded", "version": milestone.version},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.closed_on, milestone.closed_reason) == (date(2026, 3, 12), "superseded")
    assert Milestone.objects.filter(pk=milestone.pk).exists()  # closed, never deleted
    assert (
        "Closed: superseded, 12 Mar 2026" in client.get(url("plan_structure", plan_setup.plan)).text
    )
    detail = client.get(milestone.get_absolute_url()).text
    assert "Closed: superseded, 12 Mar 2026" in detail
    assert "Closed on" in detail  # the change history's row for it


def test_closing_a_recommendation_marks_its_milestones(client, manager, plan_setup):
    rec = plan_setup.own.recommendation
    client.force_login(manager)
    response = client.post(
        url("recommendation_close", plan_setup.plan, rec.pk),
        {
            "closed_on": "2026-03-12",
            "reason": "withdrawn by the board",
            "last_change": last_change(rec),
        },
    )
    assert response.status_code == 302
    outline = client.get(url("plan_structure", plan_setup.plan)).text
    assert outline.count("Closed: withdrawn by the board, 12 Mar 2026") == 3  # it and its two


@pytest.mark.parametrize(
    "keys, key, step, expected",
    [
        ([1, 2, 3], 2, -1, [2, 1, 3]),
        ([1, 2, 3], 2, 1, [1, 3, 2]),
        ([1, 2, 3], 1, -1, [1, 2, 3]),  # the first cannot go higher
        ([1, 2, 3], 3, 1, [1, 2, 3]),  # nor the last lower
    ],
)
def test_moving_one_place(keys, key, step, expected):
    assert moved(keys, key, step) == expected


def test_move_up_and_down_reorder_milestones_and_themes(client, manager, plan_setup):
    plan = plan_setup.plan
    client.force_login(manager)
    client.post(url("milestone_move", plan, plan_setup.other.pk), {"direction": "up"})
    rec = plan_setup.own.recommendation
    assert list(rec.milestones.values_list("ref", flat=True)) == ["2", "1"]
    make_recommendation(plan, "2", theme="Be Healthy")
    first, second = Theme.objects.filter(plan=plan)
    client.post(url("theme_move", plan, second.pk), {"direction": "up"})
    assert list(Theme.objects.filter(plan=plan)) == [second, first]
    outline = client.get(url("plan_structure", plan)).text
    assert outline.index(second.name) < outline.index(first.name)


@pytest.mark.parametrize("size", [10, 200])
def test_the_structure_page_makes_a_fixed_number_of_queries(
    client, manager, plan_setup, django_assert_max_num_queries, size
):
    lead = make_person("Lee Lead", "LL")
    for n in range(size // 10):
        rec = make_recommendation(plan_setup.plan, f"{n + 2}", theme=f"Theme {n % 3}")
        Outcome.objects.create(recommendation=rec, text="Outcome")
        for m in range(10):
            make_milestone(rec, f"{m + 1}", leads=(lead,))
    client.force_login(manager)
    # session, user, groups (roles), the plan, whether she manages it (the check, then the
    # tabs), the outline's themes, recommendations, outcomes, milestones and their leads, and
    # one to spare.
    with django_assert_max_num_queries(11):
        response = client.get(url("plan_structure", plan_setup.plan))
    assert response.status_code == 200
    assert response.text.count("Move down") >= size - size // 10


def test_changing_leads_keeps_the_lead_of_leads_first(client, manager, alice, bob, plan_setup):
    milestone = make_milestone(
        plan_setup.own.recommendation, "3", due=date(2030, 1, 31), leads=(bob.person, alice.person)
    )
    client.force_login(manager)
    data = edit_data(milestone, leads=[alice.person.pk, bob.person.pk, manager.person.pk])
    response = client.post(url("milestone_edit", plan_setup.plan, milestone.pk), data)
    assert response.status_code == 302
    milestone = Milestone.objects.get(pk=milestone.pk)
    assert [p.initials for p in milestone.lead_people] == ["BO", "AL", "MM"]
    assert "Lead added" in client.get(milestone.get_absolute_url()).text


def test_a_closing_made_in_error_is_undone_and_both_stay_in_the_history(
    client, manager, plan_setup
):
    milestone = plan_setup.other
    client.force_login(manager)
    client.post(
        url("milestone_close", plan_setup.plan, milestone.pk),
        {"closed_on": "2026-03-12", "reason": "superseded", "version": milestone.version},
    )
    response = client.post(url("milestone_reopen", plan_setup.plan, milestone.pk))
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.closed_on, milestone.closed_reason) == (None, "")
    detail = client.get(milestone.get_absolute_url()).text
    assert "Reopened" in detail and "superseded" in detail
    rec = milestone.recommendation
    client.post(
        url("recommendation_close", plan_setup.plan, rec.pk),
        {"closed_on": "2026-03-12", "reason": "withdrawn", "last_change": last_change(rec)},
    )
    client.post(url("recommendation_reopen", plan_setup.plan, rec.pk))
    assert Recommendation.objects.get(pk=rec.pk).closed_on is None


@pytest.mark.parametrize("who", ["alice", "director", "clerk"])
def test_only_managers_reopen(client, request, plan_setup, who):
    milestone = plan_setup.other
    Milestone.objects.filter(pk=milestone.pk).update(closed_on=date(2026, 3, 12))
    client.force_login(request.getfixturevalue(who))
    assert client.post(url("milestone_reopen", plan_setup.plan, milestone.pk)).status_code == 403
    assert Milestone.objects.get(pk=milestone.pk).closed_on == date(2026, 3, 12)
