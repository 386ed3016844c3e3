import os
from pathlib import Path

import pytest

# live_server runs Django in a thread while Playwright's sync API owns an event loop in this
# one; Django would otherwise refuse ORM calls made from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Fail loudly rather than skip: `make test` installs Debian's chromium first.
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run bin/ensure-chromium"
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}


@pytest.fixture(autouse=True)
def _no_content_security_policy_violation(page):
    """Every browser test also proves the pages keep to the Content-Security-Policy: Chromium
    reports each blocked script, style or image on the console."""
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield
    assert not refused, "\n".join(refused)
