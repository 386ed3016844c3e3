"""A real OpenID provider for the tests (oidc-provider on Node.js, tests/oidc/provider.mjs),
started once per test session (per xdist worker), and helpers to sign in through it.

Registered as a pytest plugin by tests/conftest.py, so the browser tests can use it too.
"""

import json
import os
import re
import secrets
import select
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from improvement.oidc import config
from improvement.oidc.config import Provider

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("provider.mjs")
START_SECONDS = 20
COUNCIL = "Herefordshire Council"
TRUST = "Wye Valley NHS Trust"
ROLE_MAP = {
    "ImprovementTracker.Director": "Director",
    "ImprovementTracker.Officer": "Officer",
    "ImprovementTracker.Clerk": "Clerk",
    "ImprovementTracker.Administrator": "Administrator",
}
# The provider's test users. "sub" is the key; everything else is released as claims.
USERS = {
    "dora": {
        "email": "dora.director@herefordshire.example.gov.uk",
        "email_verified": True,
        "name": "Dora Director",
        "given_name": "Dora",
        "family_name": "Director",
        "roles": ["ImprovementTracker.Director", "Everyone"],
    },
    "linda": {
        "email": "Linda.Maden@herefordshire.example.gov.uk",
        "email_verified": True,
        "name": "Linda Maden",
        "roles": ["ImprovementTracker.Officer"],
    },
    "nina": {
        "email": "nina.nurse@wyevalley.example.nhs.uk",
        "email_verified": True,
        "name": "Nina Nurse",
        "roles": ["ImprovementTracker.Officer"],
    },
    "una": {
        "email": "una.unverified@herefordshire.example.gov.uk",
        "email_verified": False,
        "name": "Una Unverified",
        "roles": ["ImprovementTracker.Director"],
    },
}


@dataclass
class OpenIDProvider:
    """The running provider: its issuer, its users (changeable) and its registered clients."""

    issuer: str
    users_file: Path
    registration_token: str
    process: subprocess.Popen
    clients: dict = field(default_factory=dict)

    def set_user(self, account: str, **claims) -> None:
        users = json.loads(self.users_file.read_text())
        users[account] = {**users.get(account, {}), **claims}
        self.users_file.write_text(json.dumps(users))

    def remove_user(self, account: str) -> None:
        users = json.loads(self.users_file.read_text())
        del users[account]
        self.users_file.write_text(json.dumps(users))

    def reset_users(self) -> None:
        self.users_file.write_text(json.dumps(USERS))

    def register(self, base_url: str, name: str = "Improvement Tracker") -> tuple[str, str]:
        """A client for the app served at base_url (dynamic client registration), once."""
        key = (base_url, name)
        if key not in self.clients:
            response = requests.post(
                f"{self.issuer}/reg",
                json={
                    "client_name": name,
                    "redirect_uris": [f"{base_url}/accounts/oidc/callback/"],
                    "post_logout_redirect_uris": [f"{base_url}/accounts/login/"],
                    "token_endpoint_auth_method": "client_secret_post",
                    "grant_types": ["authorization_code"],
                    "response_types": ["code"],
                },
                headers={"Authorization": f"Bearer {self.registration_token}"},
                timeout=10,
            )
            assert response.status_code == 201, response.text
            body = response.json()
            self.clients[key] = (body["client_id"], body["client_secret"])
        return self.clients[key]

    def as_setting(self, base_url: str, key="council", **fields) -> Provider:
        client_id, secret = self.register(base_url)
        fields.setdefault("name", COUNCIL)
        fields.setdefault("organisation", COUNCIL)
        return Provider(
            key=key, issuer=self.issuer, client_id=client_id, client_secret=secret, **fields
        )


def start_provider(workdir: Path, clock_skew_seconds: int = 0) -> OpenIDProvider:
    """Start tests/oidc/provider.mjs; fail loudly (never skip) if it cannot start."""
    node = shutil.which("node")
    assert node, "node is not installed: the OpenID Connect tests need Node.js 20.19+ (make dev)"
    assert (ROOT / "node_modules/oidc-provider/package.json").exists(), (
        "node_modules/oidc-provider is missing: run `make static` (bin/build-static runs npm ci)"
    )
    workdir.mkdir(parents=True, exist_ok=True)
    users_file = workdir / "users.json"
    users_file.write_text(json.dumps(USERS))
    token = secrets.token_urlsafe(24)
    log = (workdir / "provider.log").open("w")
    process = subprocess.Popen(
        [node, str(SCRIPT)],
        cwd=ROOT,
        env={
            **os.environ,
            "USERS_FILE": str(users_file),
            "REGISTRATION_TOKEN": token,
            "CLOCK_SKEW_SECONDS": str(clock_skew_seconds),
        },
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    ready, _, _ = select.select([process.stdout], [], [], START_SECONDS)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("listening "):
        process.kill()
        log.close()
        raise AssertionError(
            f"the OpenID provider did not start within {START_SECONDS} s: "
            f"{(workdir / 'provider.log').read_text()[-2000:]}"
        )
    issuer = f"http://127.0.0.1:{int(line.split()[1])}"
    return OpenIDProvider(issuer, users_file, token, process)


def stop_provider(provider: OpenIDProvider) -> None:
    provider.process.stdin.close()
    try:
        provider.process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        provider.process.kill()


@pytest.fixture(scope="session")
def openid_provider(tmp_path_factory):
    provider = start_provider(tmp_path_factory.mktemp("openid-provider"))
    yield provider
    stop_provider(provider)


@pytest.fixture(scope="session")
def late_openid_provider(tmp_path_factory):
    """A provider whose clock is two hours slow: every ID token it issues has expired."""
    provider = start_provider(tmp_path_factory.mktemp("late-openid-provider"), -7200)
    yield provider
    stop_provider(provider)


@pytest.fixture
def idp(openid_provider):
    """The provider, its users as USERS says at the start of each test."""
    openid_provider.reset_users()
    yield openid_provider
    openid_provider.reset_users()


def use_providers(settings, *providers: Provider, local_login="all") -> None:
    """Configure the app as the environment would: these providers, the role map, the domain
    of the NHS trust, the sign-out's CSP allowance."""
    settings.OIDC_PROVIDERS = {p.key: p for p in providers}
    settings.OIDC_ROLE_CLAIM = "roles"
    settings.OIDC_ROLE_MAP = ROLE_MAP
    settings.OIDC_ORGANISATION_DOMAINS = {"wyevalley.example.nhs.uk": TRUST}
    settings.LOCAL_LOGIN = local_login
    csp = dict(settings.SECURE_CSP)
    csp["form-action"] = [*csp["form-action"], *config.origins(settings.OIDC_PROVIDERS)]
    settings.SECURE_CSP = csp


@pytest.fixture
def council_idp(idp, settings) -> Provider:
    """The council's provider, configured for the test client (http://testserver)."""
    provider = idp.as_setting("http://testserver")
    use_providers(settings, provider)
    return provider


class ProviderBrowser:
    """What a person's browser does at the provider: its own cookies (the provider's session),
    its sign-in form, and the redirects back to the app."""

    def __init__(self, app_base="http://testserver"):
        self.http = requests.Session()
        self.app_base = app_base

    def follow(self, response) -> str:
        """Follow the provider's redirects until one leads back to the app; return it."""
        for _ in range(10):
            assert response.status_code in (302, 303), (response.status_code, response.text)
            location = urljoin(response.url, response.headers["Location"])
            if location.startswith(self.app_base):
                return location
            response = self.http.get(location, allow_redirects=False, timeout=10)
        raise AssertionError("too many redirects at the provider")

    def authorize(self, url: str, account: str | None) -> str:
        """Open the authorisation URL, sign in as account if asked to, return where the
        provider sends the browser back to."""
        response = self.http.get(url, allow_redirects=False, timeout=10)
        location = urljoin(url, response.headers.get("Location", ""))
        if "/interaction/" in location:
            page = self.http.get(location, timeout=10)
            assert 'name="login"' in page.text, page.text[:500]
            action = re.search(r'action="([^"]+)"', page.text).group(1)
            response = self.http.post(
                urljoin(page.url, action),
                data={"prompt": "login", "login": account, "password": "anything"},
                allow_redirects=False,
                timeout=10,
            )
        return self.follow(response)

    def end_session(self, url: str) -> str:
        """The provider's sign-out page: confirm it, return where it sends the browser."""
        page = self.http.get(url, timeout=10)
        form = re.search(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', page.text, re.S)
        assert form, page.text[:500]
        fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(2)))
        response = self.http.post(
            urljoin(page.url, form.group(1)),
            data={**fields, "logout": "yes"},
            allow_redirects=False,
            timeout=10,
        )
        return self.follow(response)


def app_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def sign_in(client, account: str, provider_key="council", browser=None, next_url=None):
    """Sign in through the provider as a person would: start at the app, sign in at the
    provider, come back to the callback. Returns the callback's response and the browser."""
    browser = browser or ProviderBrowser()
    url = f"/accounts/oidc/{provider_key}/login/"
    start = client.get(url, {"next": next_url} if next_url else {})
    assert start.status_code == 302, start.status_code
    back = browser.authorize(start.url, account)
    return client.get(app_path(back)), browser
