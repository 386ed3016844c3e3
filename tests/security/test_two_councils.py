"""Two councils and a partnership plan: every plan address the project serves (the security
table's, which fails when a pattern is missing from it), tried by the other council's director,
by the partner's staff and, once the plan is restricted, by each again.

The plan `improve` belongs to Herefordshire Council (the named users' council) and is shared
with the Primary Care Trust. Shropshire's director must get 404 on every page, export, API
endpoint and evidence file of it, and change nothing by posting; the Trust's officer reads it.
"""

import pytest
from django.urls import reverse
from django.utils.html import escape

from improvement import roles
from improvement.models import Organisation, PlanMember
from tests.factories import make_person, make_user
from tests.security.test_url_patterns import ROUTES, fingerprint


def plan_routes(world) -> dict:
    """The named routes whose address holds this plan's slug."""
    return {
        name: route
        for name, route in ROUTES.items()
        if not name.startswith("public_") and route.kwargs(world).get("slug") == world.plan.slug
    }


@pytest.fixture
def councils(world, council):
    partner = Organisation.objects.create(name="Herefordshire Primary Care Trust")
    shropshire = Organisation.objects.create(name="Shropshire Council")
    world.plan.organisation = council
    world.plan.save()
    world.plan.partners.add(partner)
    people = {}
    for username, role, organisation in [
        ("sam", roles.DIRECTOR, shropshire),
        ("sid", roles.OFFICER, shropshire),
        ("nina", roles.OFFICER, partner),
        ("ned", roles.DIRECTOR, partner),
    ]:
        user = make_user(username, role)
        make_person(username.title(), user=user, organisation=organisation)
        people[username] = user
    return people


def test_every_plan_address_is_in_the_walk(world):
    """The walk below tries at least these, so a plan address cannot slip out of it."""
    names = set(plan_routes(world))
    assert {
        "plan_detail",
        "plan_export",
        "plan_settings",
        "plan_members",
        "evidence_file",
        "api_milestones",
        "report_pdf",
        "milestone_update",
    } <= names
    assert len(names) >= 30


@pytest.mark.parametrize("who", ["sam", "sid"])
def test_the_other_councils_staff_get_404_on_every_plan_address(client, world, councils, who):
    client.force_login(councils[who])
    routes = plan_routes(world)
    for name, route in routes.items():
        url = reverse(name, kwargs=route.kwargs(world))
        if route.get:
            response = client.get(url)
            assert response.status_code == 404, (name, response.status_code)
        if route.post:
            before = fingerprint()
            response = client.post(url, route.post(world))
            assert response.status_code == 404, (name, response.status_code)
            assert fingerprint() == before, name
    assert world.plan.get_absolute_url() not in client.get(reverse("home")).text
    api = client.get(reverse("api_plans")).json()
    assert world.plan.slug not in [plan["slug"] for plan in api["results"]]


@pytest.mark.parametrize("who", ["nina", "ned"])
def test_the_partners_staff_read_every_page_of_the_partnership_plan(client, world, councils, who):
    client.force_login(councils[who])
    for name, route in plan_routes(world).items():
        if not route.get:
            continue
        response = client.get(reverse(name, kwargs=route.kwargs(world)))
        # Forms for managers and clerks are refused (403), never hidden (404): they may
        # read the plan, not run it.
        expected = (403,) if route.get_is_form else (200, 302)
        assert response.status_code in expected, (name, response.status_code)
    evidence = reverse("evidence_file", kwargs={**ROUTES["evidence_file"].kwargs(world)})
    assert client.get(evidence)["Content-Disposition"].startswith("attachment")
    assert world.plan.get_absolute_url() in client.get(reverse("home")).text


@pytest.mark.parametrize(
    ("who", "reads"),
    [
        ("nina", False),  # partner officer
        ("ned", False),  # partner director
        ("officer", False),  # the council's officer who is not a member
        ("director", True),  # the council's director
        ("administrator", True),
        ("manager", True),  # named manager
        ("sam", False),
    ],
)
def test_a_restricted_plan_on_every_address(client, world, councils, request, who, reads):
    world.plan.restricted = True
    world.plan.save()
    user = councils.get(who) or request.getfixturevalue(who)
    client.force_login(user)
    for name, route in plan_routes(world).items():
        if not route.get or route.get_is_form:
            continue
        status = client.get(reverse(name, kwargs=route.kwargs(world))).status_code
        assert (status != 404) is reads, (name, status)


def test_a_viewer_from_the_partner_reads_a_restricted_plan(client, world, councils):
    world.plan.restricted = True
    world.plan.save()
    client.force_login(councils["nina"])
    detail = reverse("plan_detail", kwargs={"slug": world.plan.slug})
    assert client.get(detail).status_code == 404
    PlanMember.objects.create(plan=world.plan, person=councils["nina"].person, role="viewer")
    assert client.get(detail).status_code == 200


@pytest.mark.parametrize(("who", "finds"), [("sam", False), ("sid", False), ("nina", True)])
def test_search_finds_only_what_the_searcher_may_read(client, world, councils, who, finds):
    """The same words and ref, searched by the other council's staff and by the partner's."""
    client.force_login(councils[who])
    milestone = world.milestone
    words = " ".join(milestone.text.split()[:2])
    for query in (words, milestone.full_ref, "AL"):
        page = client.get(reverse("search"), {"q": query}).text
        assert (milestone.get_absolute_url() in page) is finds, (who, query)
        assert (escape(world.plan.title) in page) is finds, (who, query)
