"""Signing in through a real OpenID provider (oidc-provider on loopback): the first sign-in,
linking to the person of that e-mail, roles from the claim at every sign-in, and sign-out at
the provider too."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from improvement import roles
from improvement.models import Person
from tests.factories import make_person, make_user
from tests.oidc.fixtures import COUNCIL, TRUST, ProviderBrowser, app_path, query, sign_in

User = get_user_model()
pytestmark = pytest.mark.django_db


def signed_in_as(client):
    response = client.get(reverse("account"))
    return response.context["user"] if response.status_code == 200 else None


def role_set(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_a_director_signs_in_and_lands_on_the_portfolio(client, council_idp):
    response, _ = sign_in(client, "dora")
    assert response.status_code == 302 and response.url == reverse("start")
    assert client.get(response.url).url == reverse("home")

    user = signed_in_as(client)
    assert user.email == "dora.director@herefordshire.example.gov.uk"
    assert (user.first_name, user.last_name) == ("Dora", "Director")
    # "Everyone" is in the claim but not in the map: no role of ours.
    assert role_set(user) == {roles.DIRECTOR}
    assert not user.has_usable_password()
    assert user.person.name == "Dora Director"
    assert user.person.organisation.name == COUNCIL
    page = client.get(reverse("home"))
    assert page.status_code == 200


def test_the_page_asked_for_is_where_signing_in_leads(client, council_idp):
    response, _ = sign_in(client, "dora", next_url="/account/")
    assert response.url == "/account/"


def test_the_first_sign_in_links_the_lead_of_that_email(client, council_idp):
    """Linda was a lead in the plans before she had an account: the e-mail (in any case)
    finds her person, and no second person is made."""
    linda = make_person("Linda Maden", "LM", email="linda.maden@herefordshire.example.gov.uk")
    response, _ = sign_in(client, "linda")
    assert response.status_code == 302

    linda.refresh_from_db()
    assert linda.user == signed_in_as(client)
    assert linda.user.email == "linda.maden@herefordshire.example.gov.uk"
    assert linda.organisation.name == COUNCIL
    assert Person.objects.filter(name="Linda Maden").count() == 1
    assert role_set(linda.user) == {roles.OFFICER}

    # Signing in again finds the same user and person.
    client.post(reverse("logout"))
    sign_in(client, "linda")
    assert User.objects.filter(email__iexact=linda.user.email).count() == 1
    assert signed_in_as(client) == linda.user


def test_an_existing_account_of_that_email_is_the_one_signed_in(client, council_idp):
    old = make_user("dora", roles.CLERK, email="Dora.Director@herefordshire.example.gov.uk")
    sign_in(client, "dora")
    assert signed_in_as(client) == old
    # The claim decides the roles: the clerk role it does not grant is gone.
    assert role_set(old) == {roles.DIRECTOR}
    assert old.check_password("pw"), "the local password is left as it was"


def test_the_organisation_follows_the_email_domain_where_one_is_mapped(client, council_idp):
    sign_in(client, "nina")
    assert signed_in_as(client).person.organisation.name == TRUST


def test_roles_follow_the_claim_at_every_sign_in(client, idp, council_idp):
    idp.set_user("dora", roles=["ImprovementTracker.Director", "ImprovementTracker.Clerk"])
    sign_in(client, "dora")
    assert role_set(signed_in_as(client)) == {roles.DIRECTOR, roles.CLERK}

    client.post(reverse("logout"))
    idp.set_user("dora", roles=["ImprovementTracker.Clerk"])
    sign_in(client, "dora")
    user = signed_in_as(client)
    assert role_set(user) == {roles.CLERK}

    client.post(reverse("logout"))
    idp.set_user("dora", roles=["ImprovementTracker.Administrator"])
    sign_in(client, "dora")
    user.refresh_from_db()
    assert role_set(user) == {roles.ADMINISTRATOR}
    assert user.is_staff and user.is_superuser

    client.post(reverse("logout"))
    idp.set_user("dora", roles=[])
    sign_in(client, "dora")
    user.refresh_from_db()
    assert role_set(user) == set()
    assert not user.is_staff and not user.is_superuser


def test_groups_that_are_not_roles_are_left_alone(client, council_idp):
    user = make_user("dora", email="dora.director@herefordshire.example.gov.uk")
    user.groups.add(Group.objects.create(name="Newsletter"))
    sign_in(client, "dora")
    assert role_set(user) == {roles.DIRECTOR, "Newsletter"}


def test_an_unverified_email_is_refused(client, council_idp):
    response, _ = sign_in(client, "una")
    assert response.status_code == 302 and response.url == reverse("login")
    page = client.get(response.url)
    assert "has not verified your e-mail address" in page.text
    assert signed_in_as(client) is None
    assert not User.objects.filter(email__icontains="una").exists()


def test_a_disabled_user_is_refused_at_sign_in_and_signed_out_at_the_next_request(
    client, council_idp
):
    sign_in(client, "dora")
    user = signed_in_as(client)
    user.is_active = False
    user.save()

    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))

    response, _ = sign_in(client, "dora")
    assert response.url == reverse("login")
    assert "Your Improvement Tracker account is disabled" in client.get(response.url).text
    assert signed_in_as(client) is None


def test_signing_out_ends_the_session_at_the_provider_too(client, council_idp):
    response, browser = sign_in(client, "dora")
    out = client.post(reverse("logout"))
    assert out.status_code == 302
    assert out.url.startswith(council_idp.issuer)
    params = query(out.url)
    assert params["post_logout_redirect_uri"] == "http://testserver/accounts/login/"
    assert params["client_id"] == council_idp.client_id
    assert params["id_token_hint"].count(".") == 2
    assert signed_in_as(client) is None

    back = browser.end_session(out.url)
    assert app_path(back).startswith("/accounts/login/")
    # The provider's session is over: signing in again asks for the password there.
    start = client.get(reverse("oidc_login", args=["council"]))
    location = browser.http.get(start.url, allow_redirects=False, timeout=10).headers["Location"]
    assert "/interaction/" in location


def test_a_password_session_signs_out_without_visiting_the_provider(client, council_idp, alice):
    client.force_login(alice)
    assert client.post(reverse("logout")).url == reverse("login")


def test_the_sign_in_page_offers_each_provider_beside_the_password(client, idp, settings):
    from tests.oidc.fixtures import use_providers

    council_idp = idp.as_setting("http://testserver")
    trust = idp.as_setting("http://testserver", key="nhs", name=TRUST, organisation=TRUST)
    use_providers(settings, council_idp, trust)
    page = client.get(reverse("login")).text
    assert "Sign in with Herefordshire Council" in page
    assert "Sign in with Wye Valley NHS Trust" in page
    assert 'name="password"' in page

    # Either provider signs in; the trust's organisation comes from the trust's provider.
    response, _ = sign_in(client, "linda", provider_key="nhs")
    assert response.url == reverse("start")
    assert signed_in_as(client).person.organisation.name == TRUST


def test_an_unknown_provider_is_not_found(client, council_idp):
    assert client.get(reverse("oidc_login", args=["nobody"])).status_code == 404


def test_an_unreachable_provider_sends_back_to_sign_in_with_the_reason(client, settings):
    from improvement.oidc.config import Provider
    from tests.oidc.fixtures import use_providers

    # Port 9 (discard): nothing listens on it here, so the connection is refused at once.
    down = Provider("council", COUNCIL, "http://127.0.0.1:9", "id", "secret")
    use_providers(settings, down)
    response = client.get(reverse("oidc_login", args=["council"]))
    assert response.status_code == 302 and response.url == reverse("login")
    assert "Herefordshire Council could not be reached" in client.get(response.url).text


def test_the_provider_saying_no_comes_back_to_sign_in(client, council_idp):
    start = client.get(reverse("oidc_login", args=["council"]))
    state = query(start.url)["state"]
    response = client.get(reverse("oidc_callback"), {"state": state, "error": "access_denied"})
    assert response.url == reverse("login")
    assert "sign-in was not completed (access_denied)" in client.get(response.url).text


def test_the_authorisation_request_carries_pkce_state_and_nonce(client, council_idp):
    start = client.get(reverse("oidc_login", args=["council"]))
    params = query(start.url)
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) >= 43
    assert len(params["state"]) >= 32 and len(params["nonce"]) >= 32
    assert params["scope"] == "openid email profile"
    assert params["redirect_uri"] == "http://testserver/accounts/oidc/callback/"
    ProviderBrowser()  # the browser is not needed: nothing was sent to the provider yet


def age_the_sign_in(client, seconds):
    from improvement.oidc.middleware import SIGNED_IN_AT

    session = client.session
    session[SIGNED_IN_AT] -= seconds
    session.save()


def test_after_a_working_day_the_provider_is_asked_again(client, idp, council_idp):
    response, browser = sign_in(client, "dora")
    age_the_sign_in(client, 7 * 60 * 60)
    assert client.get("/account/").status_code == 200

    age_the_sign_in(client, 2 * 60 * 60)
    response = client.get("/account/")
    assert response.status_code == 302
    assert response.url == "/accounts/oidc/council/login/?next=%2Faccount%2F"
    assert client.get(reverse("account")).status_code == 302, "signed out meanwhile"

    # Still an employee: the provider's session answers at once, and the page follows.
    start = client.get(response.url)
    back = browser.follow(browser.http.get(start.url, allow_redirects=False, timeout=10))
    assert client.get(app_path(back)).url == "/account/"


def test_after_a_working_day_a_leaver_is_not_let_back_in(client, idp, council_idp):
    response, browser = sign_in(client, "dora")
    age_the_sign_in(client, 9 * 60 * 60)
    # Dora has left: the council_idp deleted her account at the provider.
    idp.remove_user("dora")
    response = client.get(reverse("home"))
    assert response.url == "/accounts/oidc/council/login/?next=%2F"
    start = client.get(response.url)
    # The provider no longer knows her: it shows its own error and sends her nowhere.
    answer = browser.http.get(start.url, allow_redirects=False, timeout=10)
    assert answer.status_code >= 400, answer.status_code
    assert client.get(reverse("home")).status_code == 302


def test_a_post_after_a_working_day_goes_to_the_sign_in_page(client, council_idp):
    sign_in(client, "dora")
    age_the_sign_in(client, 9 * 60 * 60)
    response = client.post(reverse("account"), {"name": "Excel"})
    assert response.url == reverse("login")
    assert "Your sign-in has expired" in client.get(response.url).text


def test_a_next_address_elsewhere_is_not_followed(client, council_idp):
    response, _ = sign_in(client, "dora", next_url="https://evil.example/phish")
    assert response.url == reverse("start")
