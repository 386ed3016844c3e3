"""The environment's OpenID Connect settings, and the rules that read the claims."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from improvement.oidc import accounts, config
from improvement.oidc.config import Provider

COUNCIL = Provider("council", "Herefordshire Council", "https://idp.example", "id", "s")


def test_providers_are_read_from_the_environment(monkeypatch):
    tenant = "https://login.microsoftonline.com/0000-tenant/v2.0"
    for name, value in {
        "OIDC_PROVIDERS": "council, NHS",
        "OIDC_COUNCIL_ISSUER": tenant + "/",
        "OIDC_COUNCIL_CLIENT_ID": "app-id",
        "OIDC_COUNCIL_CLIENT_SECRET": "secret",
        "OIDC_COUNCIL_NAME": "Herefordshire Council",
        "OIDC_COUNCIL_ORGANISATION": "Herefordshire Council",
        "OIDC_COUNCIL_TRUST_EMAIL": "true",
        "OIDC_NHS_ISSUER": "https://keycloak.trust.example/realms/staff",
        "OIDC_NHS_CLIENT_ID": "tracker",
        "OIDC_NHS_CLIENT_SECRET": "secret2",
        "OIDC_NHS_NAME": "Wye Valley NHS Trust",
        "OIDC_NHS_SCOPES": "openid,email",
    }.items():
        monkeypatch.setenv(name, value)
    providers = config.providers_from_env()
    assert list(providers) == ["council", "nhs"]
    council, nhs = providers["council"], providers["nhs"]
    assert (
        council.issuer == tenant
        and council.trust_email
        and council.scopes == ("openid email profile")
    )
    assert council.origin == "https://login.microsoftonline.com"
    assert nhs.scopes == "openid email" and not nhs.trust_email and nhs.organisation == ""


@pytest.mark.parametrize(
    "env, message",
    [
        ({"OIDC_PROVIDERS": "council"}, "OIDC_COUNCIL_ISSUER is required"),
        (
            {"OIDC_PROVIDERS": "council", "OIDC_COUNCIL_ISSUER": "http://idp.example"},
            "must be an https:// address",
        ),
        ({"OIDC_PROVIDERS": "coun-cil"}, "letters and digits"),
        (
            {
                "OIDC_PROVIDERS": "council",
                "OIDC_COUNCIL_ISSUER": "https://idp.example",
                "OIDC_COUNCIL_CLIENT_ID": "x",
                "OIDC_COUNCIL_CLIENT_SECRET": "x",
                "OIDC_COUNCIL_NAME": "x",
                "OIDC_COUNCIL_SCOPES": "email profile",
            },
            "must include openid",
        ),
    ],
)
def test_a_provider_set_up_wrongly_fails_loudly(monkeypatch, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        config.providers_from_env()


def test_a_loopback_issuer_may_be_plain_http(monkeypatch):
    for name, value in {
        "OIDC_PROVIDERS": "dev",
        "OIDC_DEV_ISSUER": "http://127.0.0.1:9000",
        "OIDC_DEV_CLIENT_ID": "x",
        "OIDC_DEV_CLIENT_SECRET": "x",
        "OIDC_DEV_NAME": "Keycloak on this machine",
    }.items():
        monkeypatch.setenv(name, value)
    assert config.providers_from_env()["dev"].issuer == "http://127.0.0.1:9000"


def test_the_role_map_is_read_as_the_issue_writes_it(monkeypatch):
    monkeypatch.setenv(
        "OIDC_ROLE_MAP",
        "ImprovementTracker.Director:Director, ImprovementTracker.Clerk:Clerk,"
        "0a1b2c3d-group-id:Officer",
    )
    assert config.role_map_from_env() == {
        "ImprovementTracker.Director": "Director",
        "ImprovementTracker.Clerk": "Clerk",
        "0a1b2c3d-group-id": "Officer",
    }


@pytest.mark.parametrize(
    "value, message",
    [("Staff:Boss", "roles that do not exist: Boss"), ("Director", "key:value pairs")],
)
def test_a_wrong_role_map_fails_loudly(monkeypatch, value, message):
    monkeypatch.setenv("OIDC_ROLE_MAP", value)
    with pytest.raises(ImproperlyConfigured, match=message):
        config.role_map_from_env()


@pytest.mark.parametrize(
    "value, providers, expected",
    [
        (None, {}, "all"),
        ("ALL", {}, "all"),
        ("admins", {"council": COUNCIL}, "admins"),
        ("off", {"council": COUNCIL}, "off"),
    ],
)
def test_local_login(monkeypatch, value, providers, expected):
    if value is not None:
        monkeypatch.setenv("DJANGO_LOCAL_LOGIN", value)
    assert config.local_login_from_env(providers) == expected


@pytest.mark.parametrize(
    "value, message", [("off", "needs OIDC_PROVIDERS"), ("sometimes", "one of all, admins, off")]
)
def test_local_login_that_would_lock_everyone_out_fails_loudly(monkeypatch, value, message):
    monkeypatch.setenv("DJANGO_LOCAL_LOGIN", value)
    with pytest.raises(ImproperlyConfigured, match=message):
        config.local_login_from_env({})


ROLE_MAP = {"ImprovementTracker.Director": "Director", "g-123": "Officer"}


@pytest.mark.parametrize(
    "claims, expected",
    [
        ({"roles": ["ImprovementTracker.Director"]}, {"Director"}),
        ({"roles": "ImprovementTracker.Director"}, {"Director"}),
        ({"roles": ["ImprovementTracker.Director", "g-123", "Other"]}, {"Director", "Officer"}),
        ({"roles": ["improvementtracker.director"]}, set()),  # claim values are exact
        ({"roles": [None, 3, {"x": 1}]}, set()),
        ({"roles": []}, set()),
        ({}, set()),
        ({"groups": ["g-123"]}, set()),  # another claim than the one configured
    ],
)
def test_roles_from_claims(claims, expected):
    assert accounts.roles_from_claims(claims, "roles", ROLE_MAP) == expected


@pytest.mark.parametrize(
    "email, organisation, expected",
    [
        ("a@herefordshire.gov.uk", "Herefordshire Council", "Herefordshire Council"),
        ("a@wvt.nhs.uk", "Herefordshire Council", "Wye Valley NHS Trust"),
        ("a@wvt.nhs.uk", "", "Wye Valley NHS Trust"),
        ("a@elsewhere.org", "", ""),
    ],
)
def test_organisation_name(email, organisation, expected):
    provider = Provider("p", "P", "https://idp.example", "id", "s", organisation=organisation)
    domains = {"wvt.nhs.uk": "Wye Valley NHS Trust"}
    assert accounts.organisation_name(email, provider, domains) == expected


@pytest.mark.parametrize(
    "claims, trust, ok",
    [
        ({"email": "A@x.gov.uk", "email_verified": True}, False, True),
        ({"email": "a@x.gov.uk", "email_verified": "true"}, False, True),
        ({"email": "a@x.gov.uk", "email_verified": False}, False, False),
        ({"email": "a@x.gov.uk"}, False, False),
        ({"email": "a@x.gov.uk"}, True, True),  # Entra ID: the tenant's directory vouches
        ({"email": ""}, True, False),
        ({}, True, False),
    ],
)
def test_verified_email(claims, trust, ok):
    provider = Provider("p", "P", "https://idp.example", "id", "s", trust_email=trust)
    if ok:
        assert accounts.verified_email(claims, provider) == "a@x.gov.uk"
    else:
        with pytest.raises(accounts.SignInRefused):
            accounts.verified_email(claims, provider)
