"""Closing a milestone or a recommendation: it leaves every count and roll-up from its closing
date on, and stays in every figure before it (the timeline and issued reports never change).

The plan is this folder's small plan (conftest.py) (its figures as at 30 Apr and 30 Jun 2006
are listed there).
"""

from datetime import date

import pytest
from django.urls import reverse

from improvement.dashboard import portfolio_figures
from improvement.reports.content import report_content
from improvement.reports.services import issue
from improvement.status import Status, closed_from, is_open_as_at
from recommendations.mine import my_milestone_rows
from recommendations.models import Milestone
from recommendations.reminders import build_digests
from recommendations.snapshot import plan_snapshot
from recommendations.structure import close_milestone, close_recommendation
from recommendations.timeline import months_between, plan_timeline
from tests.factories import make_user
from tests.reports.conftest import APRIL, JUNE, make_report

CLOSED_ON = date(2006, 6, 1)
MONTHS = months_between(date(2006, 1, 1), date(2006, 7, 1))
TODAY = date(2006, 7, 31)


@pytest.mark.parametrize(
    "added_on, closed_on, as_at, counts",
    [
        (None, None, date(2006, 6, 1), True),  # imported, never closed
        (None, date(2006, 6, 1), date(2006, 5, 31), True),  # the day before: still counted
        (None, date(2006, 6, 1), date(2006, 6, 1), False),  # from the closing date itself
        (None, date(2006, 6, 1), date(2007, 1, 1), False),  # and ever after
        (date(2006, 5, 1), None, date(2006, 4, 30), False),  # not yet added
        (date(2006, 5, 1), None, date(2006, 5, 1), True),  # from the day it was added
        (date(2006, 5, 1), date(2006, 6, 1), date(2006, 5, 15), True),
    ],
)
def test_an_item_counts_from_when_it_was_added_until_its_closing_date(
    added_on, closed_on, as_at, counts
):
    assert is_open_as_at(closed_on, as_at, added_on) is counts


@pytest.mark.parametrize(
    "own, parent, expected",
    [
        (None, None, None),
        (date(2006, 6, 1), None, date(2006, 6, 1)),
        (None, date(2006, 5, 1), date(2006, 5, 1)),  # a closed recommendation closes it
        (date(2006, 6, 1), date(2006, 5, 1), date(2006, 5, 1)),  # the earlier wins
        (date(2006, 4, 1), date(2006, 5, 1), date(2006, 4, 1)),
    ],
)
def test_an_item_closes_with_the_earliest_of_its_own_and_its_parents_dates(own, parent, expected):
    assert closed_from(own, parent) == expected


def counts(plan, as_at) -> dict[Status, int]:
    return plan_snapshot(plan, as_at).counts()


def close(milestone, on=CLOSED_ON, reason="superseded"):
    return close_milestone(
        milestone, closed_on=on, reason=reason, author=None, expected_version=None
    )


def test_a_closed_milestone_leaves_the_figures_from_its_date_and_stays_in_them_before(
    small_plan,
):
    plan, ms = small_plan.plan, small_plan.milestones
    may, before_june = counts(plan, date(2006, 5, 31)), counts(plan, JUNE)
    assert before_june[Status.OFF_TRACK] == 2  # 2.1 and 2.3, both overdue

    close(ms["2.1"])

    assert counts(plan, date(2006, 5, 31)) == may  # the day before: unchanged
    after = counts(plan, JUNE)
    assert after[Status.OFF_TRACK] == 1
    assert sum(after.values()) == sum(before_june.values()) - 1
    assert "2.1" not in {m.milestone.full_ref for m in plan_snapshot(plan, JUNE).milestones}


def test_a_closed_recommendation_takes_its_milestones_out_of_every_roll_up(small_plan):
    plan = small_plan.plan
    rec2 = small_plan.milestones["2.1"].recommendation
    april = plan_snapshot(plan, APRIL).recommendation_statuses()

    close_recommendation(
        rec2, closed_on=CLOSED_ON, reason="withdrawn by the board", author=None, expected=None
    )

    assert plan_snapshot(plan, APRIL).recommendation_statuses() == april
    june = plan_snapshot(plan, JUNE)
    assert list(june.recommendation_statuses()) == ["1"]
    assert len(june.milestones) == 3
    assert portfolio_figures([plan], JUNE)[plan.pk][1] == 1  # recommendations counted
    assert portfolio_figures([plan], APRIL)[plan.pk][1] == 2


def cells_by_ref(plan) -> dict[str, list]:
    return {row.recommendation.ref: row.cells for row in plan_timeline(plan, MONTHS, TODAY).rows}


def test_the_timeline_before_the_closing_date_never_changes(small_plan):
    plan, ms = small_plan.plan, small_plan.milestones
    before = cells_by_ref(plan)

    close(ms["2.1"])
    close_recommendation(
        ms["1.1"].recommendation,
        closed_on=date(2006, 7, 1),
        reason="merged into 2",
        author=None,
        expected=None,
    )

    after = cells_by_ref(plan)
    may = MONTHS.index(date(2006, 5, 1))
    assert {ref: cells[: may + 1] for ref, cells in after.items()} == {
        ref: cells[: may + 1] for ref, cells in before.items()
    }
    # June: 2.1 (overdue) has left recommendation 2; 2.3 (overdue) still holds it off track.
    assert after["2"][may + 1] == Status.OFF_TRACK
    # July: recommendation 1 is closed, so it has no status for the month.
    assert after["1"][may + 2] is None
    assert before["1"][may + 2] is not None


def test_a_report_issued_before_the_closing_keeps_its_figures(small_plan):
    plan, ms = small_plan.plan, small_plan.milestones
    clerk = make_user("clara")
    report = issue(make_report(plan, as_at=APRIL), clerk)
    issued = (report.sha256, bytes(report.pdf.open("rb").read()))
    progress = report_content(report).progress

    close(ms["1.2"], on=date(2006, 5, 1))
    close(ms["2.3"], on=date(2006, 4, 30))  # closed on the report's own date: it leaves it

    report.refresh_from_db()
    assert (report.sha256, bytes(report.pdf.open("rb").read())) == issued
    # Recomputed, April keeps 1.2 (closed after it) and loses 2.3 (closed on it).
    assert "There are 3 milestones due by 30 April 2006" in progress
    assert "There are 2 milestones due by 30 April 2006" in report_content(report).progress


def test_closing_is_refused_when_the_milestone_changed_since_the_form_opened(small_plan):
    from recommendations.services import StaleVersion

    milestone = small_plan.milestones["1.3"]
    version = Milestone.objects.get(pk=milestone.pk).version
    close(milestone)  # someone else's change: the version moves on
    with pytest.raises(StaleVersion):
        close_milestone(
            milestone,
            closed_on=CLOSED_ON,
            reason="withdrawn",
            author=None,
            expected_version=version,
        )


def test_my_milestones_and_reminders_no_longer_ask_for_a_closed_milestone(alice, plan_setup):
    today = date(2026, 1, 1)
    assert {r.milestone.pk for r in my_milestone_rows(alice, today)} == {plan_setup.own.pk}
    close(plan_setup.own, on=date(2025, 12, 1))
    assert my_milestone_rows(alice, today) == []
    # Before its closing date it was still hers.
    assert len(my_milestone_rows(alice, date(2025, 11, 30))) == 1
    assert all(d.person.user != alice for d in build_digests(date(2030, 7, 31)))


def test_the_milestone_table_hides_closed_milestones_unless_asked(client, director, plan_setup):
    close(plan_setup.other, on=date(2025, 1, 1), reason="merged into 1.1")
    client.force_login(director)
    url = reverse("milestone_list", args=[plan_setup.plan.slug])

    def refs(**params):
        page = client.get(url, {"as_at": "2026-01-01", **params})
        assert page.status_code == 200
        return {ref for ref in ("1.1", "1.2") if f">{ref}<" in page.text}

    assert refs() == {"1.1"}
    assert refs(closed="closed") == {"1.2"}
    assert refs(closed="all") == {"1.1", "1.2"}
    # As at a date before the closing, it is open and shown by default.
    assert "1.2" in {
        ref for ref in ("1.2",) if f">{ref}<" in client.get(url, {"as_at": "2024-12-31"}).text
    }
    assert "Closed: merged into 1.1, 1 Jan 2025" in client.get(url, {"closed": "all"}).text


def test_the_api_counts_without_a_closed_milestone_from_its_date(client, director, small_plan):
    plan, ms = small_plan.plan, small_plan.milestones
    client.force_login(director)
    items = reverse("api_milestones", args=[plan.slug])
    summary = reverse("api_summary", args=[plan.slug])

    def figures(as_at):
        listed = client.get(items, {"as_at": as_at.isoformat()}).json()["count"]
        return listed, client.get(summary, {"as_at": as_at.isoformat()}).json()["milestones"]

    may, june = figures(date(2006, 5, 31)), figures(JUNE)
    close(ms["2.1"])
    assert figures(date(2006, 5, 31)) == may
    listed, counted = figures(JUNE)
    assert listed == june[0] - 1
    assert counted["total"] == june[1]["total"] - 1
    assert counted["overdue"] == june[1]["overdue"] - 1


def test_a_milestone_added_later_leaves_earlier_figures_and_timeline_alone(small_plan):
    plan, rec = small_plan.plan, small_plan.milestones["1.1"].recommendation
    april, timeline = counts(plan, APRIL), cells_by_ref(plan)
    Milestone.objects.create(
        recommendation=rec, ref="9", text="Added at the monitoring visit", added_on=TODAY
    )
    assert counts(plan, APRIL) == april
    june = MONTHS.index(date(2006, 6, 1))
    assert {ref: cells[: june + 1] for ref, cells in cells_by_ref(plan).items()} == {
        ref: cells[: june + 1] for ref, cells in timeline.items()
    }
    assert sum(counts(plan, TODAY).values()) == sum(counts(plan, APRIL).values()) + 1


def test_the_milestone_tables_export_says_which_are_closed_and_why(client, director, plan_setup):
    close(plan_setup.other, on=date(2025, 1, 1), reason="merged into 1.1")
    client.force_login(director)
    url = reverse("milestone_list", args=[plan_setup.plan.slug])
    csv = client.get(url, {"closed": "all", "_export": "csv"}).content.decode()
    assert "Closed" in csv.splitlines()[0]
    assert "Closed: merged into 1.1, 1 Jan 2025" in csv
