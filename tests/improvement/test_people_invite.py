"""Inviting a person by e-mail: an account with no password, linked to them, and Django's
reset e-mail saying they are invited; its link sets a password and signs them in."""

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from improvement import roles
from tests.factories import make_person

LINK = re.compile(r"https?://[^/\s]+(/accounts/invitation/[^\s]+/)")


@pytest.fixture
def nina(db):
    return make_person("Nina New", "NN", email="nina@example.gov.uk")


def invite(client, plan, person, **data):
    url = reverse("person_account", args=[plan.slug, person.pk])
    return client.post(url, {"action": "invite", "email": person.email, "role": "Officer", **data})


def test_the_invitation_makes_a_linked_officer_and_sends_the_e_mail(
    client, manager, nina, plan_setup, mailoutbox
):
    client.force_login(manager)
    response = invite(client, plan_setup.plan, nina)
    assert response.status_code == 302
    nina.refresh_from_db()
    user = nina.user
    assert user.username == "nina@example.gov.uk"
    assert (user.first_name, user.last_name) == ("Nina", "New")
    assert user.is_active and not user.has_usable_password()
    assert roles.role_names(user) == {roles.OFFICER}
    (mail,) = mailoutbox
    assert mail.to == ["nina@example.gov.uk"]
    assert mail.subject == (
        "You have been invited to Improvement Tracker for Children's services improvement plan"
    )
    assert "Your user name is nina@example.gov.uk" in mail.body
    assert LINK.search(mail.body)


def test_the_link_sets_a_password_and_signs_in(client, manager, nina, plan_setup, mailoutbox):
    client.force_login(manager)
    invite(client, plan_setup.plan, nina)
    client.logout()
    path = LINK.search(mailoutbox[0].body).group(1)
    page = client.get(path, follow=True)
    assert "Choose your password" in page.text
    form_url = page.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {
            "new_password1": "a-long-safe-passphrase-42",
            "new_password2": "a-long-safe-passphrase-42",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("start")
    home = client.get(reverse("home"))
    assert home.wsgi_request.user.username == "nina@example.gov.uk"
    nina.refresh_from_db()
    assert nina.user.check_password("a-long-safe-passphrase-42")
    # Used once: the link no longer works, and she signs in with her password.
    client.logout()
    assert "This invitation does not work" in client.get(path, follow=True).text
    signed = client.post(
        reverse("login"),
        {"username": "nina@example.gov.uk", "password": "a-long-safe-passphrase-42"},
    )
    assert signed.status_code == 302 and signed.url == reverse("start")


def test_the_link_lasts_a_week_not_an_hour(client, manager, nina, plan_setup, mailoutbox):
    from improvement.people.services import invitation_tokens

    client.force_login(manager)
    invite(client, plan_setup.plan, nina)
    nina.refresh_from_db()
    token = LINK.search(mailoutbox[0].body).group(1).rstrip("/").split("/")[-1]
    now = datetime.now()
    with override_settings(PASSWORD_RESET_TIMEOUT=60):
        invitation_tokens._now = lambda: now + timedelta(days=6)
        try:
            assert invitation_tokens.check_token(nina.user, token)
            invitation_tokens._now = lambda: now + timedelta(days=8)
            assert not invitation_tokens.check_token(nina.user, token)
        finally:
            del invitation_tokens._now


def test_a_deactivated_account_cannot_use_its_invitation(
    client, manager, nina, plan_setup, mailoutbox
):
    client.force_login(manager)
    invite(client, plan_setup.plan, nina)
    nina.refresh_from_db()
    get_user_model().objects.filter(pk=nina.user_id).update(is_active=False)
    client.logout()
    path = LINK.search(mailoutbox[0].body).group(1)
    assert "This invitation does not work" in client.get(path, follow=True).text


def test_a_reset_link_is_not_an_invitation_link(client, manager, nina, plan_setup, mailoutbox):
    """The two kinds of token are salted apart: a reset token does not open an invitation."""
    from django.contrib.auth.tokens import default_token_generator

    client.force_login(manager)
    invite(client, plan_setup.plan, nina)
    nina.refresh_from_db()
    path = LINK.search(mailoutbox[0].body).group(1)
    uid = path.split("/")[3]
    forged = reverse(
        "invitation_confirm",
        kwargs={"uidb64": uid, "token": default_token_generator.make_token(nina.user)},
    )
    client.logout()
    assert "This invitation does not work" in client.get(forged, follow=True).text


def test_a_plan_manager_invites_officers_only(client, manager, nina, plan_setup, mailoutbox):
    client.force_login(manager)
    page = client.get(reverse("person_account", args=[plan_setup.plan.slug, nina.pk]))
    assert page.context["invite_form"].fields["role"].choices == [("Officer", "Officer")]
    response = invite(client, plan_setup.plan, nina, role="Director")
    assert response.status_code == 200
    assert response.context["invite_form"].errors["role"] == [
        "Only administrators may make directors, clerks or administrators"
    ]
    nina.refresh_from_db()
    assert nina.user is None and mailoutbox == []


def test_an_administrator_may_invite_a_director(
    client, administrator, nina, plan_setup, mailoutbox
):
    client.force_login(administrator)
    assert invite(client, plan_setup.plan, nina, role="Director").status_code == 302
    nina.refresh_from_db()
    assert roles.role_names(nina.user) == {roles.DIRECTOR}
    assert not nina.user.is_staff


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter the e-mail address to send the invitation to"),
        ("nina-at-council", "Enter an e-mail address like name@council.gov.uk"),
        ("n" * 140 + "@example.gov.uk", "Enter an e-mail address of no more than 150 characters"),
        (
            "Alice@Example.gov.uk",
            "Another account uses this e-mail address: link that account instead",
        ),
    ],
)
def test_the_address_is_checked(client, manager, nina, plan_setup, mailoutbox, email, message):
    client.force_login(manager)
    response = invite(client, plan_setup.plan, nina, email=email)
    assert response.context["invite_form"].errors["email"] == [message]
    assert mailoutbox == []
    assert get_user_model().objects.filter(username="nina@example.gov.uk").count() == 0


def test_an_invitation_can_be_sent_again_until_taken(client, manager, nina, plan_setup, mailoutbox):
    client.force_login(manager)
    invite(client, plan_setup.plan, nina)
    url = reverse("person_account", args=[plan_setup.plan.slug, nina.pk])
    assert "Send the invitation again" in client.get(url).text
    assert client.post(url, {"action": "resend"}).status_code == 302
    assert len(mailoutbox) == 2
    nina.refresh_from_db()
    nina.user.set_password("chosen-at-last-123")
    nina.user.save()
    assert "Send the invitation again" not in client.get(url).text
    client.post(url, {"action": "resend"})
    assert len(mailoutbox) == 2


def test_the_list_shows_an_invited_account_not_yet_taken(client, manager, nina, plan_setup):
    client.force_login(manager)
    invite(client, plan_setup.plan, nina)
    page = client.get(reverse("plan_people", args=[plan_setup.plan.slug])).text
    assert "Invited, not yet signed in" in page


@pytest.mark.parametrize(
    ("role_of_inviter", "grantable"),
    [
        (roles.OFFICER, [roles.OFFICER]),
        (roles.DIRECTOR, [roles.OFFICER]),
        (roles.CLERK, [roles.OFFICER]),
        (roles.ADMINISTRATOR, list(roles.ROLES)),
    ],
)
def test_who_may_grant_which_role(db, role_of_inviter, grantable):
    from improvement.people.services import grantable_roles
    from tests.factories import make_user

    assert grantable_roles(make_user("inviter", role_of_inviter)) == grantable


@pytest.mark.parametrize(
    ("email", "username"),
    [("J.Smith@Herefordshire.gov.uk", "j.smith@herefordshire.gov.uk"), (" a@b.uk ", "a@b.uk")],
)
def test_the_user_name_is_the_address_in_lower_case(email, username):
    from improvement.people.services import username_for

    assert username_for(email) == username
