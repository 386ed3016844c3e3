"""Cached plan figures: every write that can change a figure changes what the next read shows,
and viewers with different rights never share a cached fragment."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import update_last_login
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement import figures, roles
from improvement.models import Plan
from improvement.status import Status
from indicators.services import change_settings, save_measurement
from publishing.services import approve
from recommendations.services import decide_sign_off, record_status_update
from risks.services import change_matrix, record_review
from tests.factories import make_milestone, make_person, make_plan, make_recommendation, make_user
from tests.improvement.test_spreadsheets import plan_csv, row
from tests.indicators.conftest import add_figures, make_indicator
from tests.risks.factories import make_risk

AS_AT = date(2026, 7, 31)


@pytest.fixture
def plan(db):
    """One milestone due 30 Jun 2026 with no report (overdue on 31 Jul), a PI short of its
    target, and a risk of 12 (HIGH) before and 8 (MEDIUM) after mitigation."""
    plan = make_plan("cached", title="Cached plan")
    lead = make_person("Lee Lead", "LL")
    rec = make_recommendation(plan, "1", theme="Stay Safe")
    make_milestone(rec, "1", due=date(2026, 6, 30), leads=(lead,), text="Write the strategy")
    add_figures(make_indicator(plan, "NI 59"), ("Q1 2026/27", "80", "90"))
    make_risk(plan, "R1", (3, 4), (2, 4), description="Staff leave")
    return plan


def dashboard(client) -> str:
    response = client.get(reverse("plan_dashboard", args=["cached"]), {"as_at": AS_AT})
    assert response.status_code == 200
    return response.text


def shown(page: str) -> str:
    """The figures, without what differs on every response (the CSRF token, say)."""
    return section(page, 'id="due-sentence"', "</main>")


def section(page: str, marker: str, end: str) -> str:
    start = page.index(marker)
    return page[start : page.index(end, start)]


@pytest.fixture
def seen(plan, client, director):
    """The dashboard as first shown, and proof that a second view comes from the cache."""
    client.force_login(director)
    first = dashboard(client)
    with CaptureQueriesContext(connection) as cold_cache:
        cache.clear()
        dashboard(client)
    with CaptureQueriesContext(connection) as warm_cache:
        assert shown(dashboard(client)) == shown(first)
    assert len(warm_cache) < len(cold_cache)
    return first


def milestone_of(plan):
    return plan.recommendations.get().milestones.get()


def test_a_status_update(plan, client, seen):
    assert "1 milestone was due by 31 Jul 2026: 1 off track." in seen
    record_status_update(milestone_of(plan), status=Status.COMPLETE, as_at=date(2026, 7, 1))
    assert "1 milestone was due by 31 Jul 2026: 1 complete." in dashboard(client)


def test_a_sign_off(plan, client, director):
    plan.completion_sign_off = True
    plan.save()
    milestone = milestone_of(plan)
    record_status_update(milestone, status=Status.COMPLETE, as_at=date(2026, 7, 1))
    client.force_login(director)
    assert "Awaiting sign-off (1)" in dashboard(client)
    decide_sign_off(milestone, confirm=True, as_at=date(2026, 7, 2), author=director)
    assert "Awaiting sign-off (0)" in dashboard(client)


def test_a_structure_edit(plan, client, seen):
    milestone = milestone_of(plan)
    milestone.due_date = date(2026, 12, 31)
    milestone.save()
    after = dashboard(client)
    assert "0 milestones were due by 31 Jul 2026" in after
    theme = plan.themes.get()
    theme.name = "Be Healthy"
    theme.save()
    assert "Be Healthy" in dashboard(client)
    make_milestone(plan.recommendations.get(), "2", text="A new one")
    assert "All 2 milestones by status" in dashboard(client)


def test_closing_a_milestone_or_its_recommendation(plan, client, seen):
    from recommendations.structure import close_milestone, close_recommendation

    assert "1 milestone was due by 31 Jul 2026: 1 off track." in seen
    milestone = milestone_of(plan)
    close_milestone(
        milestone, closed_on=AS_AT, reason="superseded", author=None, expected_version=None
    )
    assert "0 milestones were due by 31 Jul 2026" in dashboard(client)
    make_milestone(plan.recommendations.get(), "2", due=date(2026, 6, 30), text="Another")
    assert "1 milestone was due by 31 Jul 2026: 1 off track." in dashboard(client)
    close_recommendation(
        plan.recommendations.get(), closed_on=AS_AT, reason="withdrawn", author=None, expected=None
    )
    assert "0 milestones were due by 31 Jul 2026" in dashboard(client)


def test_an_import(plan, client, seen):
    sheets = plan_csv(row(ref="1", text="Write the strategy", due="6/26"), row(ref="9", due="3/26"))
    from improvement.spreadsheets.plan_import import import_plan

    result = import_plan(sheets, slug="cached", as_at=AS_AT, create_people=True)
    assert not result.errors
    assert "All 2 milestones by status" in dashboard(client)


def test_a_pi_figure_and_the_pi_settings(plan, client, seen):
    assert "NI 59" in section(seen, 'id="dashboard-indicators"', 'id="dashboard-risks"')
    indicator = plan.indicators.get()
    save_measurement(
        indicator,
        period="Q1 2026/27",
        actual="85",
        target="90",
        reason="typo",
        measurement=indicator.measurements.get(),
    )
    assert "85" in section(dashboard(client), 'id="indicators-missing-target"', "</table>")
    change_settings(
        indicator,
        definition=indicator.definition,
        unit=indicator.unit,
        higher_is_better=False,  # 85 against 90 now meets the target
        amber_tolerance=indicator.amber_tolerance or Decimal("5"),
        owner=None,
        recommendations=[],
        author=None,
        reason="Lower is better",
    )
    assert "No indicator misses its target" in dashboard(client)


def test_a_risk_review(plan, client, seen):
    assert "MEDIUM" in section(seen, 'id="top-risks"', "</table>")
    record_review(
        plan.risks.get(),
        reviewed_on=date(2026, 7, 15),
        likelihood=3,
        severity=4,
        residual_likelihood=1,
        residual_severity=1,
        note="Mitigated",
    )
    assert "LOW" in section(dashboard(client), 'id="top-risks"', "</table>")


def test_a_matrix_change(plan, client, seen):
    bands = [{"name": "MINOR", "max": 8}, {"name": "MAJOR", "max": None}]
    change_matrix(Plan.objects.get(pk=plan.pk), 4, bands, AS_AT)
    assert "MINOR" in section(dashboard(client), 'id="top-risks"', "</table>")


def test_publishing_raises_the_version(plan, client, director, seen):
    """Nothing on the dashboard shows a publication, but publishing is a write the figures
    must hear of: the next read is computed afresh."""
    before = Plan.objects.get(pk=plan.pk).version
    approve(plan, AS_AT, user=director)
    assert Plan.objects.get(pk=plan.pk).version > before


def test_signing_in_does_not_empty_the_cache(plan, client, director, seen):
    before = Plan.objects.get(pk=plan.pk).version
    update_last_login(None, director)  # what signing in saves
    assert Plan.objects.get(pk=plan.pk).version == before


def test_two_viewers_with_different_rights_never_share_a_fragment(plan, client, director):
    manager = make_user("mona", roles.OFFICER)
    plan.managers.add(make_person("Mona Manager", "MM", user=manager))
    plan.refresh_from_db()
    client.force_login(director)
    dashboard(client)
    client.force_login(manager)
    dashboard(client)
    keys = {
        user.username: figures.key("dashboard", plan, AS_AT, figures.visibility(user, plan))
        for user in (director, manager)
    }
    assert keys["dan"] != keys["mona"]
    assert cache.get(keys["dan"]) and cache.get(keys["mona"])
    # Whatever is cached for one viewer is never what the other is shown.
    cache.set(keys["mona"], "<p>For plan managers only</p>")
    assert "For plan managers only" in dashboard(client)
    client.force_login(director)
    assert "For plan managers only" not in dashboard(client)


def test_the_portfolio_shows_a_new_figure_after_a_write(plan, client, director):
    client.force_login(director)
    first = client.get("/", {"as_at": AS_AT}).text
    assert 'data-figure="overdue">1<' in first
    record_status_update(milestone_of(plan), status=Status.COMPLETE, as_at=date(2026, 7, 1))
    assert 'data-figure="overdue">0<' in client.get("/", {"as_at": AS_AT}).text
