"""The read-only JSON API: who may call it, what it answers, and how it fails."""

import pytest
from django.urls import reverse

from improvement.demo import SLUG
from improvement.models import ApiToken

SUMMARY = f"/api/plans/{SLUG}/summary/"


@pytest.fixture
def token(director):
    _, secret = ApiToken.issue(director, "Power BI")
    return secret


def test_the_summary_has_exactly_the_agreed_shape(client, director, demo):
    client.force_login(director)
    data = client.get(SUMMARY + "?as_at=2006-06-30").json()
    statuses = {"complete", "on_track", "behind", "off_track", "not_started"}
    assert set(data) == {"plan", "as_at", "milestones", "recommendations", "indicators", "risks"}
    assert (data["plan"], data["as_at"]) == (SLUG, "2006-06-30")
    assert set(data["milestones"]) == {"total", "by_status", "overdue", "due_by_as_at"}
    assert set(data["milestones"]["by_status"]) == statuses
    assert set(data["milestones"]["due_by_as_at"]) == {"total", "by_status"}
    assert set(data["milestones"]["due_by_as_at"]["by_status"]) == statuses
    assert set(data["recommendations"]["by_status"]) == statuses
    # The JAR PIs give the March 06 actual and the March 07 target in different periods, so no
    # period has both numbers and none has a RAG; its four risks are not scored.
    no_rag = {"green": 0, "amber": 0, "red": 0, "none": 10}
    assert data["indicators"] == {"total": 10, "by_rag": no_rag}
    unscored = {"LOW": 0, "MEDIUM": 0, "HIGH": 0, "unscored": 4}
    assert data["risks"] == {
        "total": 4,
        "open": 4,
        "by_band": unscored,
        "by_residual_band": unscored,
    }
    assert data["milestones"]["total"] == 66
    assert sum(data["milestones"]["by_status"].values()) == 66
    assert data["recommendations"]["total"] == 17


def test_a_token_opens_the_api_and_its_use_is_recorded(client, demo, token):
    response = client.get(SUMMARY, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["plan"] == SLUG
    assert ApiToken.objects.get().last_used is not None


def test_only_the_hash_of_a_token_is_stored(token):
    stored = ApiToken.objects.get()
    assert token not in (stored.key_hash, stored.hint, stored.name)
    assert stored.key_hash == ApiToken.digest(token)
    assert token.startswith(stored.hint)


@pytest.mark.parametrize(
    "header", [None, "Bearer", "Bearer nonsense", "Basic abc", "Bearer itk_wrong"]
)
def test_without_valid_credentials_the_answer_is_401_json(client, demo, header):
    headers = {"Authorization": header} if header else {}
    response = client.get(SUMMARY, headers=headers)
    assert response.status_code == 401
    assert "API token" in response.json()["error"]


def test_a_revoked_token_no_longer_works(client, director, demo, token):
    client.force_login(director)
    stored = ApiToken.objects.get()
    response = client.post(reverse("revoke_token", args=[stored.pk]))
    assert response.status_code == 302
    client.logout()
    assert client.get(SUMMARY, headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_token_of_an_inactive_user_does_not_work(client, director, demo, token):
    director.is_active = False
    director.save()
    assert client.get(SUMMARY, headers={"Authorization": f"Bearer {token}"}).status_code == 401


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        (SUMMARY + "?as_at=30/06/2006", 400, "as_at must be a date as YYYY-MM-DD"),
        (SUMMARY + "?as_at=2006-02-30", 400, "as_at must be a date"),
        ("/api/plans/nope/summary/", 404, "No plan 'nope'"),
        (f"/api/plans/{SLUG}/timeline/?from=2006-1", 400, "Give months as YYYY-MM"),
        (f"/api/plans/{SLUG}/timeline/?from=2006-05&to=2006-01", 400, "before the first"),
        ("/api/plans/nope/timeline/", 404, "No plan 'nope'"),
    ],
)
def test_bad_requests_get_json_errors_never_500(client, director, demo, url, status, message):
    client.force_login(director)
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["error"]


def test_the_api_is_read_only(client, director, demo):
    client.force_login(director)
    assert client.post(SUMMARY).status_code == 405


def test_the_account_page_makes_a_token_and_shows_it_once(client, director):
    client.force_login(director)
    page = client.post(reverse("account"), {"name": "Power BI"}).text
    stored = ApiToken.objects.get(user=director)
    assert "Copy it now: it will not be shown again." in page
    assert 'id="new-token"' in page and stored.hint in page
    again = client.get(reverse("account")).text
    assert 'id="new-token"' not in again
    assert "Power BI" in again


def test_a_token_needs_a_name(client, director):
    client.force_login(director)
    page = client.post(reverse("account"), {"name": ""}).text
    assert "Say what the token is for" in page
    assert not ApiToken.objects.exists()


def test_no_one_can_revoke_another_users_token(client, director, officer):
    ApiToken.issue(director, "Power BI")
    client.force_login(officer)
    response = client.post(reverse("revoke_token", args=[ApiToken.objects.get().pk]))
    assert response.status_code == 404
    assert ApiToken.objects.get().active
