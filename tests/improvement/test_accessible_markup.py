"""What a screen reader, keyboard or touch user is told, from the markup: group rows are row
headers, summaries name what they summarise, error pages say "Error:" in their title, and
leads' names are written out rather than hidden in tooltips."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from improvement.demo import SLUG
from improvement.reports.models import BoardReport
from recommendations.models import MilestoneLead
from recommendations.services import record_status_update
from tests.factories import make_person


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


@pytest.fixture
def reported(db):
    call_command("load_demo", "--with-demo-accounts", "--with-board-report")
    return BoardReport.objects.get(plan__slug=SLUG)


def test_theme_and_recommendation_rows_are_row_group_headers(client, reported, director):
    client.force_login(director)
    pages = {
        "timeline": client.get(reverse("plan_timeline", args=[SLUG])),
        "public": client.get(reverse("public_plan", args=[SLUG])),
        "report": client.get(reported.get_absolute_url()),
    }
    for name, response in pages.items():
        page = response.content.decode()
        assert response.status_code == 200, name
        assert 'scope="colgroup"' not in page, name
        # Each theme of the timeline is its own row group, headed by its first row.
        themes = re.findall(
            r'<tbody[^>]*>\s*<tr[^>]*>\s*<th scope="(\w+)"[^>]*app-timeline__theme', page
        )
        assert themes and set(themes) == {"rowgroup"}, (name, themes)
    # The report's plan appendix: one group per recommendation, after the timeline's themes.
    report = pages["report"].content.decode()
    assert report.count('scope="rowgroup"') == 17 + report.count("app-timeline__theme")


def test_the_public_summaries_name_their_recommendation(client, reported):
    page = client.get(reverse("public_plan", args=[SLUG])).content.decode()
    summaries = re.findall(r'<span class="govuk-details__summary-text">([^<]*)</span>', page)
    milestones = [s for s in summaries if "milestone" in s]
    assert len(milestones) == 17
    assert all(re.fullmatch(r"\d+ milestones? of recommendation \S+", s) for s in milestones)
    assert len(set(milestones)) == 17


def test_a_bad_filter_on_the_milestone_table_says_error_in_the_title(client, plan_setup, alice):
    client.force_login(alice)
    url = reverse("milestone_list", args=[plan_setup.plan.slug])
    assert not title(client.get(url)).startswith("Error:")
    assert title(client.get(url, {"status": "nonsense"})).startswith("Error: Milestones")
    assert title(client.get(url, {"as_at": "31/02/2026"})).startswith("Error: Milestones")


def test_a_bad_as_at_date_says_error_in_the_title(client, plan_setup, alice):
    client.force_login(alice)
    url = reverse("plan_dashboard", args=[plan_setup.plan.slug])
    assert not title(client.get(url)).startswith("Error:")
    assert title(client.get(url, {"as_at": "9999-12-31"})).startswith("Error: ")


def test_an_edit_conflict_says_error_in_the_title(client, plan_setup, alice, bob):
    milestone = plan_setup.own
    seen = milestone.version
    record_status_update(milestone, status="behind", as_at=date(2026, 6, 1), author=None)
    client.force_login(alice)
    response = client.post(
        reverse("milestone_update", args=[plan_setup.plan.slug, milestone.pk]),
        {"status": "on_track", "as_at": "2026-06-02", "comment": "Mine", "version": seen},
    )
    assert response.status_code == 409
    assert title(response).startswith("Error: Update milestone 1.1")


def test_leads_full_names_and_unlisted_leads_are_written_out(client, plan_setup, alice):
    ceo = make_person("Chief Executive", is_listed=False)
    MilestoneLead.objects.create(milestone=plan_setup.own, person=ceo, order=1)
    client.force_login(alice)
    page = client.get(reverse("plan_detail", args=[plan_setup.plan.slug])).content.decode()
    assert 'AL <span class="app-muted">(Alice Lead)</span>' in page
    assert (
        'Chief Executive <span class="app-muted">(not in the plan\'s list of leads)</span>' in page
    )
    assert "<abbr" not in page.split("<main", 1)[1].split("app-timeline", 1)[0]
