"""The account page shows a new API token once: nothing may keep a copy of that page."""

from django.urls import reverse


def test_the_account_page_is_never_stored(client, director):
    client.force_login(director)
    for response in (
        client.post(reverse("account"), {"name": "Power BI"}),
        client.get(reverse("account")),
    ):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
