"""Directors' figures on a small hand-made plan, pinned for three as-at dates."""

from datetime import date

import pytest
from django.urls import reverse

from improvement.dashboard import due_sentence, plan_summary
from improvement.status import Status
from recommendations.services import record_status_update
from tests.factories import make_milestone, make_person, make_plan, make_recommendation

C, G, A, R, N = (
    Status.COMPLETE,
    Status.ON_TRACK,
    Status.BEHIND,
    Status.OFF_TRACK,
    Status.NOT_STARTED,
)


@pytest.mark.parametrize(
    ("counts", "sentence"),
    [
        (
            {C: 9, G: 4, A: 1},
            "14 milestones were due by 30 Jun 2006: 9 complete, 4 on track, 1 behind",
        ),
        ({C: 1}, "1 milestone was due by 30 Jun 2006: 1 complete"),
        ({}, "0 milestones were due by 30 Jun 2006"),
        ({R: 2, N: 1, C: 0}, "3 milestones were due by 30 Jun 2006: 2 off track, 1 not started"),
    ],
)
def test_due_sentence(counts, sentence):
    assert due_sentence(date(2006, 6, 30), counts) == sentence


@pytest.fixture
def small_plan(db):
    """Two recommendations, five milestones, with a history written out by hand.

    1.1 due 31 Mar: on track 1 Feb, complete 20 Mar.
    1.2 due 30 Apr: on track 1 Feb and never again (so overdue from 1 May).
    1.3 due 31 Jul: behind 15 Apr.
    2.1 due 30 Jun: not started (no updates).
    2.2 no due date: on track 1 Mar.
    """
    plan = make_plan("small", title="Small plan", reporting_cycle_days=30)
    lead = make_person("Lee Lead", "LL")
    rec1 = make_recommendation(plan, "1", theme="Stay Safe")
    rec2 = make_recommendation(plan, "2", theme="Be Healthy")
    m11 = make_milestone(rec1, "1", due=date(2006, 3, 31), leads=(lead,))
    m12 = make_milestone(rec1, "2", due=date(2006, 4, 30), leads=(lead,))
    m13 = make_milestone(rec1, "3", due=date(2006, 7, 31), leads=(lead,))
    make_milestone(rec2, "1", due=date(2006, 6, 30), leads=(lead,))
    m22 = make_milestone(rec2, "2", leads=(lead,))
    record_status_update(m11, status=G, as_at=date(2006, 2, 1))
    record_status_update(m11, status=C, as_at=date(2006, 3, 20))
    record_status_update(m12, status=G, as_at=date(2006, 2, 1))
    record_status_update(m13, status=A, as_at=date(2006, 4, 15), comment="Staff shortage")
    record_status_update(m22, status=G, as_at=date(2006, 3, 1))
    return plan


def by_status(complete=0, on_track=0, behind=0, off_track=0, not_started=0):
    return {
        "complete": complete,
        "on_track": on_track,
        "behind": behind,
        "off_track": off_track,
        "not_started": not_started,
    }


EMPTY_PI = {"total": 0, "by_rag": {"green": 0, "amber": 0, "red": 0, "none": 0}}
NO_RISKS = {"LOW": 0, "MEDIUM": 0, "HIGH": 0, "unscored": 0}
EMPTY_RISKS = {"total": 0, "open": 0, "by_band": NO_RISKS, "by_residual_band": NO_RISKS}


@pytest.mark.parametrize(
    ("as_at", "milestones", "recommendations"),
    [
        (
            date(2006, 3, 31),
            {
                "total": 5,
                "by_status": by_status(complete=1, on_track=2, not_started=2),
                "overdue": 0,
                "due_by_as_at": {"total": 1, "by_status": by_status(complete=1)},
            },
            {"total": 2, "by_status": by_status(on_track=2)},
        ),
        (
            # 1.2 was last reported on track but is due 30 Apr: overdue, so off track.
            date(2006, 5, 1),
            {
                "total": 5,
                "by_status": by_status(
                    complete=1, behind=1, off_track=1, on_track=1, not_started=1
                ),
                "overdue": 1,
                "due_by_as_at": {"total": 2, "by_status": by_status(complete=1, off_track=1)},
            },
            {"total": 2, "by_status": by_status(off_track=1, on_track=1)},
        ),
        (
            # 2.1 falls due on 30 Jun itself: due, but not yet overdue.
            date(2006, 6, 30),
            {
                "total": 5,
                "by_status": by_status(
                    complete=1, behind=1, off_track=1, on_track=1, not_started=1
                ),
                "overdue": 1,
                "due_by_as_at": {
                    "total": 3,
                    "by_status": by_status(complete=1, off_track=1, not_started=1),
                },
            },
            {"total": 2, "by_status": by_status(off_track=1, on_track=1)},
        ),
    ],
)
def test_summary_numbers(small_plan, as_at, milestones, recommendations):
    assert plan_summary(small_plan, as_at) == {
        "plan": "small",
        "as_at": as_at.isoformat(),
        "milestones": milestones,
        "recommendations": recommendations,
        "indicators": EMPTY_PI,
        "risks": EMPTY_RISKS,
    }


def test_plan_dashboard_shows_the_sentence_lists_and_compliance(small_plan, client, director):
    client.force_login(director)
    page = client.get(reverse("plan_dashboard", args=["small"]) + "?as_at=2006-05-01").text
    assert "2 milestones were due by 1 May 2006: 1 complete, 1 off track." in page
    overdue = page[page.index("Overdue (1)") : page.index("Due in the next 30 days")]
    assert "1.2" in overdue and "(overdue)" in overdue
    # Open milestones on 1 May: 1.2 (last update 1 Feb), 1.3 (15 Apr), 2.1 (never), 2.2 (1 Mar):
    # only 1.3 was updated in the last 30 days.
    assert 'id="compliance">25%</strong>' in page
    assert "Lee Lead (LL)" in page
    assert "Staff shortage" in page  # the latest updates


def test_changing_the_date_changes_every_figure(small_plan, client, director):
    client.force_login(director)
    url = reverse("plan_dashboard", args=["small"])
    march = client.get(url + "?as_at=2006-03-31").text
    june = client.get(url + "?as_at=2006-06-30").text
    assert "1 milestone was due by 31 Mar 2006: 1 complete." in march
    assert "3 milestones were due by 30 Jun 2006: 1 complete, 1 off track, 1 not started." in june


def row_of(page: str, slug: str) -> str:
    start = page.index(f'id="plan-{slug}"')
    return page[start : page.index("</tr>", start)]


def test_portfolio_shows_each_plan_as_at_the_date(small_plan, client, director):
    make_plan("empty", title="An empty plan")
    client.force_login(director)
    page = client.get("/?as_at=2006-05-01").text
    row = row_of(page, "small")
    assert 'app-status--off_track">Off track</strong>' in row
    assert 'data-figure="overdue">1<' in row
    # Due after 1 May and by 31 May: none; 2.1 (30 Jun) is later.
    assert 'data-figure="due-soon">0<' in row
    later = client.get("/?as_at=2006-06-15").text
    row = row_of(later, "small")
    assert 'data-figure="due-soon">1<' in row
    assert "Every figure is as at 15 Jun 2006." in later
    assert 'app-status--not_started">Not started</strong>' in row_of(later, "empty")


def test_the_dashboard_names_the_pis_missing_target_and_the_highest_risks(client, director):
    from tests.indicators.conftest import add_figures, make_indicator
    from tests.risks.factories import make_risk

    plan = make_plan("pis", title="PI plan")
    add_figures(make_indicator(plan, "NI 59", higher_is_better=True), ("Q1 2026/27", "80", "90"))
    add_figures(make_indicator(plan, "NI 60", higher_is_better=True), ("Q1 2026/27", "88", "90"))
    add_figures(make_indicator(plan, "NI 61", higher_is_better=True), ("Q1 2026/27", "95", "90"))
    make_risk(plan, "R1", (3, 4), (2, 4), description="Staff leave")
    make_risk(plan, "R2", (4, 4), (4, 4), description="Budget cut")
    make_risk(plan, "R3", (1, 1), (1, 1), description="Minor")
    make_risk(plan, "R4", description="Unscored")
    client.force_login(director)
    page = client.get(
        reverse("plan_dashboard", args=[plan.slug]), {"as_at": "2026-07-31"}
    ).content.decode()
    missing = page.split('id="indicators-missing-target"')[1].split("</table>")[0]
    assert missing.index("NI 59") < missing.index("NI 60")  # red before amber
    assert "NI 61" not in missing  # meets its target
    top = page.split('id="top-risks"')[1].split("</table>")[0]
    assert top.index("R2") < top.index("R1") < top.index("R3")
    assert "R4" not in top and "16" in top and "HIGH" in top
    assert "The risk register (4 open)" in page


def test_a_plan_without_pis_or_risks_says_so(small_plan, client, director):
    client.force_login(director)
    page = client.get(reverse("plan_dashboard", args=[small_plan.slug])).content.decode()
    assert "This plan has no performance indicators." in page
    assert "No risk is open as at" in page


@pytest.mark.parametrize(
    "as_at", [date(2006, 1, 31), date(2006, 3, 31), date(2006, 5, 31), date(2007, 1, 1)]
)
def test_the_portfolio_counted_in_the_database_agrees_with_the_plan_snapshot(demo, as_at):
    """The portfolio counts with the SQL twin of the status rules; the dashboard, API and
    reports read the snapshot. The same figures either way."""
    from improvement import dashboard
    from recommendations.snapshot import plan_snapshot

    (card,) = dashboard.portfolio([demo], as_at)
    snapshot = plan_snapshot(demo, as_at)
    assert card.figures.counts == snapshot.counts()
    assert card.figures.status == snapshot.status
    assert card.figures.recommendations == len(snapshot.recommendations)
    assert card.figures.milestones == len(snapshot.milestones)
    assert card.overdue == len(dashboard.overdue(snapshot))
    assert card.due_soon == len(dashboard.due_soon(snapshot))


def test_the_dashboard_queries_do_not_grow_with_pis_and_risks(client, director):
    """The PI and risk panels load in a fixed number of queries: none per PI or per risk
    (each top risk links to its page without asking for its plan again)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.indicators.conftest import add_figures, make_indicator
    from tests.risks.factories import make_risk

    def plan_with(slug, n):
        plan = make_plan(slug, title=slug)
        for i in range(n):
            indicator = make_indicator(plan, f"NI {i}", higher_is_better=True)
            add_figures(indicator, ("Q1 2026/27", "80", "90"), ("Q2 2026/27", "85", "90"))
            make_risk(plan, f"R{i}", (1 + i % 4, 4), (1 + i % 3, 3))
        return plan

    client.force_login(director)

    def queries(plan):
        url = reverse("plan_dashboard", args=[plan.slug])
        with CaptureQueriesContext(connection) as context:
            assert client.get(url, {"as_at": "2026-10-31"}).status_code == 200
        return len(context.captured_queries)

    small, large = queries(plan_with("few", 2)), queries(plan_with("many", 12))
    assert small == large
    assert large <= 15


def test_each_dashboard_list_shows_ten_and_links_the_rest_to_the_milestone_table(client, director):
    """As at 1 May: 13 overdue (and never updated, so stale too), 12 due within 30 days and
    11 completions awaiting sign-off. Each list shows its first ten and says how many more, and
    its link opens the milestone table filtered to exactly the whole list."""
    plan = make_plan("long", title="Long lists", reporting_cycle_days=30, completion_sign_off=True)
    rec = make_recommendation(plan, "1")
    for n in range(13):
        make_milestone(rec, f"late-{n}", due=date(2006, 3, 31))
    for n in range(12):
        soon = make_milestone(rec, f"soon-{n}", due=date(2006, 5, 15))
        record_status_update(soon, status=G, as_at=date(2006, 4, 25))
    for n in range(11):
        done = make_milestone(rec, f"done-{n}", due=date(2006, 12, 31))
        record_status_update(done, status=C, as_at=date(2006, 4, 20))
    client.force_login(director)
    page = client.get(reverse("plan_dashboard", args=["long"]), {"as_at": "2006-05-01"}).text
    lists = {
        "Overdue": ("overdue", 13),
        "Due in the next 30 days": ("due_soon", 12),
        "Not updated within the reporting cycle": ("stale", 13),
        "Awaiting sign-off": ("awaiting_sign_off", 11),
    }
    for caption, (name, total) in lists.items():
        start = page.index(f"{caption} ({total})")
        section = page[start : page.index("<h3", start + 1) if "<h3" in page[start + 1 :] else None]
        assert section.count('class="govuk-table__row"') == 1 + 10, caption  # header + 10 rows
        link = f"/plans/long/milestones/?as_at=2006-05-01&amp;{name}=on"
        assert f'href="{link}">and {total - 10} more' in section, caption
        table = client.get(link.replace("&amp;", "&")).text
        assert f"{total} milestones as at 1 May 2006" in table, caption
