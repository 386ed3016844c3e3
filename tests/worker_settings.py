"""Settings of a `manage.py db_worker` process started by a test: the project's, on the test's
database (DATABASE_URL, set by the test) and its media folder."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-use-anywhere-else-0123")

from improvement.settings import *  # noqa: E402, F403

MEDIA_ROOT = os.environ["TEST_MEDIA_ROOT"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
