"""The API's access rule is the pages': a token sees what its user may read, as one function
(improvement.access.readable_plans) decides for the portfolio and the API alike."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from improvement import roles
from improvement.access import readable_plans
from improvement.models import ApiToken
from tests.factories import make_user

PLAN_LISTS = ("milestones", "indicators", "risks", "updates", "summary", "timeline")


@pytest.mark.parametrize(
    ("who", "reads"),
    [
        ("nobody", set()),
        ("anonymous", set()),
        ("inactive director", set()),
        # Accounts with no person, so no organisation, read no council's plan.
        ("officer", set()),
        ("clerk", set()),
        ("account without a role", set()),
        # Dan directs at Northshire: Southshire's plan is not his.
        ("director", {"north"}),
        ("sam", {"south"}),
        ("administrator", {"north", "south"}),
    ],
)
def test_who_reads_plans(world, who, reads):
    users = {
        "nobody": None,
        "anonymous": AnonymousUser(),
        "inactive director": make_user("ivy", roles.DIRECTOR, is_active=False),
        "officer": make_user("olga", roles.OFFICER),
        "director": world.dan,
        "sam": world.sam,
        "clerk": make_user("clem", roles.CLERK),
        "administrator": make_user("adam", roles.ADMINISTRATOR),
        "account without a role": make_user("rolf"),
    }
    assert set(readable_plans(users[who]).values_list("slug", flat=True)) == reads


def portfolio_slugs(client, user) -> list[str]:
    client.force_login(user)
    cards = client.get(reverse("home")).context["cards"]
    client.logout()
    return sorted(card.plan.slug for card in cards)


@pytest.mark.parametrize("who", ["dan", "sam"])
def test_a_token_of_either_council_reads_what_its_user_reads_on_the_pages(api, client, world, who):
    """Dan directs at Northshire, Sam at Southshire. Each token's plans are exactly those the
    portfolio shows its user (its own council's plan only), and every
    endpoint of each of them answers the token."""
    user, token = getattr(world, who), getattr(world, f"{who}_token")
    listed = api("/api/plans/", token).json()["results"]
    slugs = sorted(plan["slug"] for plan in listed)
    assert slugs == portfolio_slugs(client, user)
    assert slugs == sorted(readable_plans(user).values_list("slug", flat=True))
    assert slugs == [{"dan": "north", "sam": "south"}[who]]
    other = {"dan": "south", "sam": "north"}[who]
    for name in PLAN_LISTS:
        assert api(f"/api/plans/{slugs[0]}/{name}/", token).status_code == 200
        # The other council's plan is not found, as if it did not exist.
        assert api(f"/api/plans/{other}/{name}/", token).status_code == 404


def test_a_deactivated_account_loses_the_api_at_once(api, world):
    world.sam.is_active = False
    world.sam.save()
    assert api("/api/plans/", world.sam_token).status_code == 401
    for name in PLAN_LISTS:
        assert api(f"/api/plans/south/{name}/", world.sam_token).status_code == 401
    assert api("/api/plans/", world.dan_token).status_code == 200


def test_a_revoked_token_is_refused_everywhere(api, world):
    ApiToken.objects.filter(user=world.dan).update(revoked="2024-08-01T00:00Z")
    assert api("/api/plans/", world.dan_token).status_code == 401
    for name in PLAN_LISTS:
        assert api(f"/api/plans/north/{name}/", world.dan_token).status_code == 401


def test_a_token_makes_no_session(api, client, world):
    api("/api/plans/", world.dan_token)
    assert not client.cookies.get("sessionid")
    # The next request without the token is a stranger's.
    assert api("/api/plans/").status_code == 401


def test_the_openapi_document_needs_no_sign_in(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"] == "3.1.0"
