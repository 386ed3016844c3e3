"""The project's settings, with defaults that let `pytest` run with no environment set."""

import os
import tempfile
import uuid

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-use-anywhere-else-0123")

from improvement.settings import *  # noqa: E402, F403

# Tests render templates with DEBUG off; the manifest needs collectstatic, which tests skip.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Hashing passwords slowly buys nothing in tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The live server in browser tests serves the built CSS straight from static/, as runserver does.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Uploaded evidence goes to a throw-away folder, never into the working tree.
MEDIA_ROOT = tempfile.mkdtemp(prefix="tracker-test-media-")
# The whole suite asks for public pages from one address far faster than any visitor; the
# rate limit itself is tested with a low limit set by the test.
PUBLIC_RATE_LIMIT = "100000/m"
# Likewise for the API's limit per token.
API_RATE_LIMIT = "100000/m"
# Tests use the default per-process cache whatever the shell says (tests/conftest.py empties
# it around each test: a rolled-back plan's id and version come round again).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# PostgreSQL is shared: two runs at once (two checkouts, or CI beside a developer) must never
# meet in one test database. pytest-xdist gives every run one id, shared by its workers, and
# pytest-django adds each worker's own suffix (_gw0, _gw1) to this name.
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":  # noqa: F405
    RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": f"test_{DATABASES['default']['NAME']}_{RUN_ID[:12]}"  # noqa: F405
    }
    # A test database is thrown away: waiting for each commit to reach the disk (migrations,
    # the flushes of transactional tests) buys nothing there.
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c synchronous_commit=off".strip()
else:
    # Task tests start a real `manage.py db_worker` process on the test database, which
    # therefore must be a file the other process can open, not an in-memory database.
    # pytest-django adds each xdist worker's suffix to this name.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"tracker-test-{uuid.uuid4().hex[:12]}.sqlite3")
    }
    # A test database is thrown away: waiting for the disk buys nothing.
    DATABASES["default"]["OPTIONS"]["init_command"] = (  # noqa: F405
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
    )
