"""A director signs in through the council's identity provider, on the provider's own pages
(oidc-provider on loopback), sees the portfolio, and signs out of both."""

import pytest
from playwright.sync_api import expect

from improvement.demo import ORGANISATION
from tests.browser.test_pages import assert_accessible
from tests.oidc.fixtures import use_providers

pytestmark = pytest.mark.browser


@pytest.fixture
def council_for_browser(idp, settings, live_server, transactional_db):
    from django.core.management import call_command

    call_command("load_demo")
    provider = idp.as_setting(live_server.url, organisation=ORGANISATION)
    use_providers(settings, provider, local_login="off")
    return provider


def test_a_director_signs_in_through_the_provider_and_sees_the_portfolio(
    page, live_server, council_for_browser
):
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    # Passwords are switched off: the provider's button is all there is.
    expect(page.get_by_label("Password")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("button", name="Sign in with Herefordshire Council").click()
    # The provider's own sign-in page.
    page.wait_for_url(f"{council_for_browser.issuer}/**")
    page.locator("input[name=login]").fill("dora")
    page.locator("input[name=password]").fill("her-own-password")
    page.locator("button[type=submit]").click()

    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Improvement plans")).to_be_visible()
    expect(
        page.get_by_role(
            "link", name="Herefordshire JAR Performance Improvement Action Plan", exact=True
        )
    ).to_be_visible()
    assert_accessible(page)

    # Signing out goes on to the provider's sign-out page, and from there back to sign-in.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{council_for_browser.issuer}/**")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/**")
    expect(page.get_by_text("You have signed out.")).to_be_visible()

    # The provider's session ended too: signing in again asks for the password there.
    page.get_by_role("button", name="Sign in with Herefordshire Council").click()
    page.wait_for_url(f"{council_for_browser.issuer}/interaction/**")
    expect(page.locator("input[name=password]")).to_be_visible()
