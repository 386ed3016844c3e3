"""Users set their own e-mail address on /account/, confirmed with their password; their
person's address follows it."""

import pytest
from django.urls import reverse

from tests.factories import make_person, make_user


def change(client, email, password="pw"):
    return client.post(
        reverse("account"), {"action": "email", "email": email, "password": password}
    )


def test_the_address_changes_for_the_account_and_its_person(client, alice):
    client.force_login(alice)
    response = change(client, "alice.lead@example.gov.uk")
    assert response.status_code == 302
    alice.refresh_from_db()
    alice.person.refresh_from_db()
    assert alice.email == alice.person.email == "alice.lead@example.gov.uk"
    record = alice.person.history.first()
    assert record.history_change_reason == "Changed by the account holder"
    assert record.history_user == alice
    assert "alice.lead@example.gov.uk" in client.get(reverse("account")).text


@pytest.mark.parametrize(
    ("email", "password", "field", "message"),
    [
        ("", "pw", "email", "Enter your e-mail address"),
        ("not an address", "pw", "email", "Enter an e-mail address like name@council.gov.uk"),
        ("BOB@example.gov.uk", "pw", "email", "Another account uses this e-mail address"),
        (
            "carla@example.gov.uk",
            "pw",
            "email",
            "Carla Lead has this e-mail address: each person needs their own",
        ),
        ("new@example.gov.uk", "wrong", "password", "Your password is not right"),
        ("new@example.gov.uk", "", "password", "Enter your password to confirm the change"),
    ],
)
def test_bad_input_is_refused_field_by_field(client, alice, bob, email, password, field, message):
    make_person("Carla Lead", "CL", email="carla@example.gov.uk")
    client.force_login(alice)
    response = change(client, email, password)
    assert response.status_code == 200
    assert response.context["email_form"].errors[field] == [message]
    assert message in response.text
    alice.refresh_from_db()
    assert alice.email == "alice@example.gov.uk"


def test_an_account_without_a_password_is_not_asked_for_one(client, db):
    """Single sign-on accounts have no password to confirm with."""
    user = make_user("sso")
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    assert (
        client.post(
            reverse("account"), {"action": "email", "email": "sso@example.gov.uk"}
        ).status_code
        == 302
    )
    user.refresh_from_db()
    assert user.email == "sso@example.gov.uk"


def test_the_token_form_still_works_beside_it(client, alice):
    client.force_login(alice)
    response = client.post(reverse("account"), {"name": "Power BI"})
    assert response.status_code == 200
    assert alice.api_tokens.count() == 1
