"""Search (/search/?q=): by words, by ref, by lead; only in the plans the user may read; each
hit with its plan and its status as at today; queries bounded whatever the number of hits."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from improvement import access, search
from improvement.status import Status
from indicators.models import Indicator
from recommendations.models import Milestone, Recommendation, StatusUpdate
from risks.models import Risk
from tests.factories import make_milestone, make_person, make_plan, make_recommendation
from tests.indicators.conftest import add_figures, make_indicator
from tests.risks.factories import make_risk

TODAY = timezone.localdate


@pytest.fixture
def plans(db):
    """Two plans: a safeguarding one (with a PI, a risk and a lead SMe) and a schools one."""
    lead = make_person("Sue Meredith", "SMe")
    owner = make_person("Harry Lowe", "HL")
    north = make_plan("north", title="North improvement plan")
    rec = make_recommendation(
        north, "4", text="Strengthen safeguarding audits across children's social care"
    )
    make_milestone(
        rec, "3", due=date(2000, 1, 31), leads=(lead,), text="Audit case files each quarter"
    )
    make_milestone(rec, "1", due=date(2100, 1, 31), text="Appoint an independent reviewing officer")
    other = make_recommendation(north, "40", text="Improve the timeliness of assessments")
    make_milestone(other, "1", text="Introduce weekly allocation meetings", leads=(owner,))
    indicator = make_indicator(
        north, "NI 59", definition="Initial assessments for children's social care", owner=owner
    )
    add_figures(indicator, ("March 06", "60", "80"))
    make_risk(
        north,
        "R2",
        scores=(3, 4),
        description="Safeguarding audits are not completed in time",
        owner=owner,
    )
    south = make_plan("south", title="South schools plan")
    school = make_recommendation(south, "1", text="Raise attainment in secondary schools")
    make_milestone(school, "1", text="Review the schools' safeguarding audits")
    return north, south


def hits(user, text, kind=None):
    _, groups = search.search(user, text, TODAY(), kind)
    return {group.kind: [hit.obj for hit in group.hits] for group in groups}


def refs(found, kind):
    objs = found.get(kind, [])
    if kind == "milestones":
        return [m.full_ref for m in objs]
    return [obj.ref for obj in objs]


def test_finds_by_words_in_every_kind(plans, director):
    found = hits(director, "safeguarding audits")
    assert "4" in refs(found, "recommendations")
    assert "R2" in refs(found, "risks")
    # The South plan's milestone says so too: every readable plan is searched.
    assert any(m.recommendation.plan.slug == "south" for m in found["milestones"])
    assert "40" not in refs(found, "recommendations")


def test_every_word_must_match(plans, director):
    found = hits(director, "safeguarding attainment")
    assert refs(found, "recommendations") == []


@pytest.mark.parametrize(
    ("text", "kind", "first"),
    [
        ("4.3", "milestones", "4.3"),
        ("NI 59", "indicators", "NI 59"),
        ("ni 59", "indicators", "NI 59"),
        ("NI 5", "indicators", "NI 59"),  # a prefix
        ("R2", "risks", "R2"),
        ("4", "recommendations", "4"),
    ],
)
def test_finds_by_ref(plans, director, text, kind, first):
    found = hits(director, text)
    assert refs(found, kind)[0] == first


def test_a_recommendation_ref_finds_its_milestones_not_the_next_number(plans, director):
    found = hits(director, "4")
    assert sorted(refs(found, "milestones")) == ["4.1", "4.3"]
    # The exact ref comes before the prefix's other hits.
    assert refs(found, "recommendations")[0] == "4"


@pytest.mark.parametrize("text", ["SMe", "sme", "Sue Meredith", "meredith"])
def test_finds_milestones_by_lead(plans, director, text):
    assert refs(hits(director, text), "milestones") == ["4.3"]


def test_finds_pis_and_risks_by_owner(plans, director):
    found = hits(director, "HL")
    assert refs(found, "indicators") == ["NI 59"]
    assert refs(found, "risks") == ["R2"]
    assert refs(found, "milestones") == ["40.1"]


def test_a_milestone_with_two_matching_leads_is_one_hit(plans, director):
    milestone = Milestone.objects.get(recommendation__ref="4", ref="3")
    milestone.lead_links.create(person=make_person("Sue Mere", "SM"), order=1)
    assert refs(hits(director, "Sue"), "milestones") == ["4.3"]


def test_each_hit_has_its_plan_and_status_as_at_today(plans, director):
    _, groups = search.search(director, "audit", TODAY())
    by_kind = {group.kind: group for group in groups}
    late = next(h for h in by_kind["milestones"].hits if h.obj.full_ref == "4.3")
    assert late.plan.slug == "north"
    # Due in 2000 and never reported complete: off track, overdue, as every page says.
    assert late.status == Status.OFF_TRACK and late.reason == "overdue"
    rec = next(h for h in by_kind["recommendations"].hits if h.obj.ref == "4")
    assert rec.status == Status.OFF_TRACK
    risk = by_kind["risks"].hits[0]
    assert risk.status.band == "HIGH" and risk.status.score == 12


def test_a_complete_milestone_shows_complete(plans, director):
    milestone = Milestone.objects.get(recommendation__ref="4", ref="3")
    StatusUpdate.objects.create(
        milestone=milestone, status=Status.COMPLETE, as_at=TODAY() - timedelta(days=1)
    )
    hit = search.search(director, "4.3", TODAY())[1][0].hits[0]
    assert hit.status == Status.COMPLETE and hit.reason == ""


def test_indicator_hit_has_its_rag(plans, director):
    hit = next(g for g in search.search(director, "NI 59", TODAY())[1] if g.kind == "indicators")
    assert hit.hits[0].status.value == "red"  # 60 against a target of 80


@pytest.mark.parametrize("text", ["", "   ", None])
def test_an_empty_query_finds_nothing(plans, director, text):
    query, groups = search.search(director, text, TODAY())
    assert not query and groups == []


def test_hits_are_only_in_readable_plans(plans, director, alice, monkeypatch):
    """Whatever readable_plans returns is the whole of what is searched (the organisation
    rule narrows readable_plans; search follows)."""
    north, south = plans
    for user in (director, alice):
        readable = set(access.readable_plans(user).values_list("pk", flat=True))
        _, groups = search.search(user, "safeguarding", TODAY())
        assert groups
        for group in groups:
            assert {hit.plan.pk for hit in group.hits} <= readable
    monkeypatch.setattr(
        search, "readable_plans", lambda user: access.readable_plans(user).exclude(pk=south.pk)
    )
    found = hits(director, "safeguarding")
    assert all(m.recommendation.plan_id == north.pk for m in found["milestones"])


def test_nobody_and_a_switched_off_account_find_nothing(plans, alice):
    assert all(not group.hits for group in search.search(AnonymousUser(), "audit", TODAY())[1])
    alice.is_active = False
    alice.save()
    assert all(not group.count for group in search.search(alice, "audit", TODAY())[1])


def test_the_page_needs_a_log_in(client, plans):
    response = client.get("/search/?q=audit")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_shows_hits_grouped_with_plan_and_status(client, plans, director):
    client.force_login(director)
    response = client.get("/search/", {"q": "safeguarding audits"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Recommendations (1)" in page and "Risks (1)" in page
    assert "North improvement plan" in page and "South schools plan" in page
    assert "Off track" in page  # the status, in words
    assert 'href="/plans/north/risks/R2/"' in page


def test_the_header_has_a_search_box_on_signed_in_pages(client, director):
    client.force_login(director)
    page = client.get("/").content.decode()
    assert 'role="search"' in page and 'for="header-search"' in page
    assert 'action="/search/"' in page


def test_a_kind_pages_beyond_the_preview(client, plans, director):
    north, _ = plans
    rec = Recommendation.objects.get(plan=north, ref="4")
    for n in range(search.PREVIEW + 5):
        make_milestone(rec, str(100 + n), text=f"Fortnightly huddle number {n}")
    client.force_login(director)
    page = client.get("/search/", {"q": "fortnightly huddle"}).content.decode()
    assert f"Milestones ({search.PREVIEW + 5})" in page
    assert page.count('data-hit="milestones-') == search.PREVIEW
    assert "Show all 15 milestones" in page
    page = client.get(
        "/search/", {"q": "fortnightly huddle", "kind": "milestones"}
    ).content.decode()
    assert page.count('data-hit="milestones-') == search.PREVIEW + 5
    assert "Recommendations (" not in page


def test_hostile_input_never_fails(client, plans, director):
    client.force_login(director)
    for q in ["%", "_", "'; drop table x; --", "a" * 5000, "<script>x</script>", "!!! & | :*"]:
        response = client.get("/search/", {"q": q, "page": "x", "kind": "nonsense"})
        assert response.status_code == 200
        assert "<script>x</script>" not in response.content.decode()


def build(milestones: int):
    """A plan whose every milestone, recommendation, PI and risk matches "audit"."""
    people = [make_person(f"Person {n}", f"P{n}") for n in range(3)]
    plan = make_plan(title=f"Plan of {milestones}")
    recs = [
        make_recommendation(plan, str(r), text=f"Audit recommendation {r}") for r in range(1, 6)
    ]
    for n in range(milestones):
        make_milestone(
            recs[n % 5], str(n), text=f"Audit step {n}", leads=(people[n % 3], people[(n + 1) % 3])
        )
    for n in range(milestones // 5):
        indicator = Indicator.objects.create(plan=plan, ref=f"AU {n}", definition="Audit rate")
        add_figures(indicator, ("March 06", "60", "80"))
        Risk.objects.create(plan=plan, ref=f"A{n}", description="Audit slips", likelihood=2)


@pytest.mark.parametrize("size", [5, 80])
def test_queries_are_bounded_whatever_the_hits(
    client, director, django_assert_max_num_queries, size
):
    build(size)
    client.force_login(director)
    client.get("/search/", {"q": "audit"})  # the session and roles, once
    # Per kind: the count and the page of ids; then milestones their rows and leads,
    # recommendations their rows and milestones' statuses, PIs their rows and figures,
    # risks their rows: 14, plus the session, the user and the user's groups.
    with django_assert_max_num_queries(18):
        response = client.get("/search/", {"q": "audit"})
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        client.get("/search/", {"q": "audit", "kind": "milestones", "page": "2"})
