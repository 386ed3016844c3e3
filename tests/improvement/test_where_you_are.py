"""Where you are, kept: the as-at date a reader chose carries across a plan's tabs and every
link from one page to another; recommendations are named, not numbered alone; plan managers
see their plans first."""

import re
from datetime import date
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from improvement.asat import with_as_at
from improvement.status import Status
from recommendations.models import StatusUpdate
from recommendations.timeline import MAX_MONTHS, months_ending
from tests.factories import make_milestone, make_plan, make_recommendation
from tests.indicators.conftest import add_figures, make_indicator
from tests.reports.conftest import make_report
from tests.risks.factories import make_risk

AS_AT = "2006-05-31"
# Links that lead to a form, a file or the plan's management rather than to another view of
# the plan as at a date: a form records as at its own date, and an export names its date in
# its own query.
NOT_VIEWS = re.compile(
    r"/(update|sign-off|evidence|figures|settings|review|matrix|new|edit|issue|pdf|import|"
    r"publishing|export|structure|people|members)/|_export=|/admin/|/accounts/|/account/|/me/|"
    r"/public/|/search/"
)


@pytest.fixture
def jar(db):
    plan = make_plan("jar", title="JAR plan", starts_on=date(2006, 1, 1), ends_on=date(2007, 3, 31))
    rec = make_recommendation(
        plan, "4", text="Ensure that safeguarding audits of every open case are completed"
    )
    milestone = make_milestone(rec, "3", due=date(2006, 6, 30), text="Audit case files")
    StatusUpdate.objects.create(milestone=milestone, status=Status.BEHIND, as_at=date(2006, 4, 1))
    indicator = make_indicator(plan, "NI 59")
    indicator.recommendations.add(rec)
    add_figures(indicator, ("March 06", "60", "80"))
    risk = make_risk(plan, "R1", scores=(3, 4))
    risk.recommendations.add(rec)
    make_report(plan)
    return plan


def links(page: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="([^"#][^"]*)"', page)]


def plan_links(page: str, slug: str) -> list[str]:
    """Links within the plan, and the breadcrumb back to the portfolio (the header's and
    footer's "Plans" are the site's, not the plan's, and stay plain)."""
    return [
        href for href in links(page) if href.startswith(f"/plans/{slug}/") or href.startswith("/?")
    ]


def as_at_of(href: str) -> list[str]:
    return parse_qs(urlsplit(href).query).get("as_at", [])


TABS = [
    "/plans/jar/",
    "/plans/jar/dashboard/",
    "/plans/jar/timeline/",
    "/plans/jar/milestones/",
    "/plans/jar/indicators/",
    "/plans/jar/indicators/NI%2059/",
    "/plans/jar/risks/",
    "/plans/jar/risks/R1/",
    "/plans/jar/reports/",
]


@pytest.mark.parametrize("path", TABS)
def test_every_link_from_a_plan_page_keeps_the_as_at_date(client, administrator, jar, path):
    client.force_login(administrator)
    response = client.get(f"{path}?as_at={AS_AT}")
    assert response.status_code == 200
    # The one link allowed to drop it is the page's own "as at today".
    found = [
        href
        for href in plan_links(response.text, "jar")
        if not NOT_VIEWS.search(href) and href != path
    ]
    assert len(found) >= 4, found  # the breadcrumbs and the links to other pages at least
    lost = [href for href in found if as_at_of(href) != [AS_AT]]
    assert not lost, f"{path} links without the as-at date: {lost}"


def test_the_milestone_page_keeps_it_too(client, administrator, jar):
    client.force_login(administrator)
    milestone = jar.recommendations.get().milestones.get()
    page = client.get(f"{milestone.get_absolute_url()}?as_at={AS_AT}").text
    found = [href for href in plan_links(page, "jar") if not NOT_VIEWS.search(href)]
    assert found and all(as_at_of(href) == [AS_AT] for href in found), found


def test_following_links_dashboard_milestone_table_milestone_and_back(client, director, jar):
    client.force_login(director)
    page = client.get(f"/plans/jar/dashboard/?as_at={AS_AT}").text
    table = next(h for h in links(page) if urlsplit(h).path == "/plans/jar/milestones/")
    page = client.get(table).text
    assert "1 milestone as at 31 May 2006" in page
    milestone = next(h for h in links(page) if re.match(r"/plans/jar/milestones/\d+/", h))
    page = client.get(milestone).text
    assert as_at_of(milestone) == [AS_AT]
    assert "Behind" in page  # its status as at 31 May 2006, not overdue as at today
    back = next(h for h in links(page) if urlsplit(h).path == "/plans/jar/")
    assert as_at_of(back) == [AS_AT]
    assert "as at 31 May 2006" in client.get(back).text


def test_without_a_chosen_date_links_stay_plain(client, director, jar):
    """Today's date needs no carrying: the address of "the latest" stays shareable."""
    client.force_login(director)
    today = timezone.localdate().isoformat()
    for query in ("", f"?as_at={today}", "?as_at=not-a-date"):
        page = client.get(f"/plans/jar/dashboard/{query}").text
        nav = page[page.index('aria-label="This plan"') :].split("</nav>")[0]
        assert "as_at=" not in nav, query


def test_the_timeline_ends_at_the_as_at_date(client, director, jar):
    client.force_login(director)
    page = client.get(f"/plans/jar/timeline/?as_at={AS_AT}").text
    assert 'name="to" value="2006-05"' in page
    assert 'name="from" value="2006-01"' in page
    assert '<input type="hidden" name="as_at" value="2006-05-31">' in page
    # Without it, the plan's whole span to its end.
    page = client.get("/plans/jar/timeline/").text
    assert 'name="to" value="2007-03"' in page


def test_the_timeline_blanks_months_after_the_as_at_date(client, director, jar):
    client.force_login(director)
    page = client.get("/plans/jar/timeline/?as_at=2006-05-15&from=2006-01&to=2006-06").text
    row = page[page.index('id="timeline-4"') :].split("</tr>")[0]
    # January to April ended by 15 May; May and June had not.
    assert row.count("data-status=") == 4


@pytest.mark.parametrize(
    ("starts", "as_at", "first", "last"),
    [
        (date(2006, 1, 1), date(2006, 5, 31), date(2006, 1, 1), date(2006, 5, 1)),
        (date(2006, 1, 1), date(2005, 6, 15), date(2004, 7, 1), date(2005, 6, 1)),
        (None, date(2006, 5, 31), date(2005, 5, 1), date(2006, 5, 1)),
        (date(1990, 1, 1), date(2010, 12, 31), date(2006, 1, 1), date(2010, 12, 1)),
    ],
)
def test_months_ending(starts, as_at, first, last):
    class Plan:
        starts_on, ends_on = starts, None

    assert months_ending(Plan, as_at) == (first, last)
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    assert span <= MAX_MONTHS


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/plans/x/", "/plans/x/?as_at=2006-05-31"),
        ("/plans/x/?status=open", "/plans/x/?status=open&as_at=2006-05-31"),
        ("/plans/x/#recommendation-4", "/plans/x/?as_at=2006-05-31#recommendation-4"),
    ],
)
def test_with_as_at(url, expected):
    assert with_as_at(url, date(2006, 5, 31)) == expected
    assert with_as_at(url, None) == url


# Recommendation titles where numbers alone were shown.


def test_a_recommendation_is_named_by_its_wording_shortened(jar):
    rec = jar.recommendations.get()
    assert rec.label.startswith("4 — Ensure that safeguarding audits")
    assert rec.label.endswith("…") and len(rec.short_title) <= 60


def test_a_recommendation_title_wins_over_its_wording(jar):
    rec = jar.recommendations.get()
    rec.title = "Safeguarding audits"  # a field another branch adds; an attribute until then
    assert rec.label == "4 — Safeguarding audits"


def test_the_timeline_names_each_recommendation(client, director, jar):
    client.force_login(director)
    page = client.get("/plans/jar/timeline/").text
    row = page[page.index('id="timeline-4"') :].split("</th>")[0]
    assert "Ensure that safeguarding audits" in row


@pytest.mark.parametrize("table", ["milestones", "indicators"])
def test_the_tables_filters_name_each_recommendation(client, director, jar, table):
    client.force_login(director)
    page = client.get(f"/plans/jar/{table}/").text
    select = page[page.index('name="recommendation"') :].split("</select>")[0]
    assert "4 — Ensure that safeguarding audits" in unescape(select)


def test_the_dashboard_names_each_recommendation(client, director, jar):
    client.force_login(director)
    page = unescape(client.get(f"/plans/jar/dashboard/?as_at={AS_AT}").text)
    table = page[page.index("Recommendations by status") :].split("</table>")[0]
    assert "Ensure that safeguarding audits" in table


# My plans.


def test_a_plan_manager_sees_their_plans_first(client, manager, plan_setup, jar):
    client.force_login(manager)
    page = client.get("/").text
    assert "My plans" in page and "Other plans" in page
    mine = page[page.index('id="my-plans"') : page.index('id="other-plans"')]
    assert plan_setup.plan.title.replace("'", "&#x27;") in mine
    assert "JAR plan" not in mine
    assert "JAR plan" in page[page.index('id="other-plans"') :]


def test_without_plans_to_manage_the_portfolio_is_one_list(client, director, jar):
    client.force_login(director)
    page = client.get("/").text
    assert "My plans" not in page and "JAR plan" in page


@pytest.mark.parametrize("plans", [2, 30])
def test_the_portfolios_queries_are_bounded(
    client, manager, db, plans, django_assert_max_num_queries
):
    for n in range(plans):
        plan = make_plan(f"p{n}", title=f"Plan {n:02d}")
        make_milestone(make_recommendation(plan, "1"), "1")
        if n % 2:
            plan.managers.add(manager.person)
    client.force_login(manager)
    client.get("/")
    with django_assert_max_num_queries(16):
        response = client.get("/")
    assert response.status_code == 200
