"""Every error under /api/ is JSON, whichever view (or none) answers: 400, 401, 403, 404, 405
and 429 with Retry-After; and the rate limit counts each token apart."""

import pytest
from django.core.cache import cache
from django.urls import path

from improvement.api.pages import MAX_PAGE_SIZE
from improvement.urls import urlpatterns as project_urls


def refuse(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied("Only plan managers may read this")


# For the one error no endpoint gives today: a view under /api/ that refuses. The read rule
# answers 404 for a plan one may not read, so that its existence is not told.
urlpatterns = [path("api/refused/", refuse), *project_urls]


def is_json_error(response, status: int) -> str:
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"] == "application/json"
    return response.json()["error"]


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        ("/api/plans/", {"as_at": "31/07/2024"}, "as_at must be a date as YYYY-MM-DD"),
        ("/api/plans/", {"page": "0"}, "page must be a whole number from 1"),
        ("/api/plans/", {"page": "abc"}, "page must be a whole number from 1"),
        ("/api/plans/", {"page_size": str(MAX_PAGE_SIZE + 1)}, "page_size must be"),
        ("/api/plans/", {"page_size": "0"}, "page_size must be"),
        ("/api/plans/", {"format": "xml"}, "format must be json or csv"),
        ("/api/plans/north/milestones/", {"status": "red"}, "status must be one of"),
        ("/api/plans/north/milestones/", {"overdue": "yes"}, "overdue must be true or false"),
        ("/api/plans/north/updates/", {"since": "yesterday"}, "since must be an ISO date"),
        ("/api/plans/north/updates/", {"since": "1066-10-14T09:00"}, "between 1990 and 2100"),
        ("/api/plans/north/updates/", {"cursor": "not-ours"}, "cursor is not one this API gave"),
        ("/api/plans/north/risks/", {"as_at": "2024-02-30"}, "as_at must be a date"),
    ],
)
def test_a_bad_parameter_is_400_with_what_to_send(api, world, url, params, message):
    assert message in is_json_error(api(url, world.dan_token, **params), 400)


@pytest.mark.parametrize(
    "url",
    [
        "/api/plans/",
        "/api/plans/north/milestones/",
        "/api/plans/north/indicators/",
        "/api/plans/north/risks/",
        "/api/plans/north/updates/",
    ],
)
@pytest.mark.parametrize("token", [None, "itk_wrong"])
def test_without_credentials_every_list_is_401(api, world, url, token):
    assert "API token" in is_json_error(api(url, token), 401)


@pytest.mark.parametrize(
    "url",
    ["/api/", "/api/plans/north/", "/api/plans/north/nonsense/", "/api/no/such/thing"],
)
def test_an_unknown_address_is_404_json_signed_in_or_not(client, world, url):
    signed_out = client.get(url)
    assert "No such address in the API" in is_json_error(signed_out, 404)
    signed_in = client.get(url, headers={"Authorization": f"Bearer {world.dan_token}"})
    assert "/api/openapi.json" in is_json_error(signed_in, 404)


def test_an_address_without_its_slash_is_sent_to_the_one_with_it(client, world):
    response = client.get("/api/plans")
    assert (response.status_code, response["Location"]) == (301, "/api/plans/")


@pytest.mark.parametrize(
    "url",
    [
        "/api/plans/unknown/milestones/",
        "/api/plans/unknown/updates/",
        "/api/plans/unknown/summary/",
    ],
)
def test_an_unknown_plan_is_404_json(api, world, url):
    assert "No plan 'unknown'" in is_json_error(api(url, world.dan_token), 404)


def test_a_page_past_the_last_is_404(api, world):
    assert "No page 2" in is_json_error(api("/api/plans/", world.dan_token, page="2"), 404)


@pytest.mark.parametrize(
    "url", ["/api/plans/", "/api/plans/north/summary/", "/api/plans/north/risks/", "/api/nothing/"]
)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_every_write_is_405_json_even_with_a_real_csrf_check(world, url, method):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.dan)
    response = getattr(client, method)(url)
    if url == "/api/nothing/":
        # No such address, whatever the method.
        assert is_json_error(response, 404)
        return
    assert "read-only" in is_json_error(response, 405)
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.urls(__name__)
def test_a_refusal_under_the_api_is_403_json(client, world):
    response = client.get("/api/refused/", headers={"Authorization": f"Bearer {world.dan_token}"})
    assert is_json_error(response, 403) == "Only plan managers may read this"


@pytest.fixture
def low_limit(settings):
    settings.API_RATE_LIMIT = "3/m"
    cache.clear()
    yield
    cache.clear()


def test_each_token_is_limited_apart_with_retry_after(api, world, low_limit):
    for _ in range(3):
        assert api("/api/plans/", world.dan_token).status_code == 200
    refused = api("/api/plans/north/summary/", world.dan_token)
    assert "Too many requests" in is_json_error(refused, 429)
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Sam's token has its own count, and so has a second token of Dan's.
    assert api("/api/plans/", world.sam_token).status_code == 200
    from improvement.models import ApiToken

    _, other = ApiToken.issue(world.dan, "Excel")
    assert api("/api/plans/", other).status_code == 200


def test_the_limit_counts_signed_in_users_too(client, world, low_limit):
    client.force_login(world.dan)
    statuses = [client.get("/api/plans/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_pages_outside_the_api_keep_their_html_errors(client, world):
    client.force_login(world.dan)
    response = client.get("/plans/unknown/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_an_account_without_a_role_still_reads_as_the_pages_let_it(api, world):
    """The pages ask only for a log-in; so does the API (improvement.access)."""
    world.dan.groups.clear()
    assert not world.dan.groups.exists()
    assert api("/api/plans/north/milestones/", world.dan_token).status_code == 200
