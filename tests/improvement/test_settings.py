"""Settings come from the environment; a production configuration passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "improvement.settings",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x7$Vq!2mLr9#pZ4wNc8@hTb6^Ks1&Yd3*Gf5(Je0)Ua-Wo+Ri=Ex_Pl~Qn<Hs>Tj",
    "DJANGO_ALLOWED_HOSTS": "tracker.example.gov.uk",
    "DJANGO_HTTPS": "true",
}


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DATABASE_URL": "sqlite:///:memory:", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_has_no_warnings_with_https_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_without_https_settings():
    env = {**PRODUCTION, "DJANGO_HTTPS": "false"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stdout + result.stderr


def test_without_a_secret_key_and_debug_off_it_refuses_to_start():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_a_bad_boolean_is_an_error_not_a_guess():
    result = manage("check", **{**PRODUCTION, "DJANGO_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_british_dates_and_london_time(settings):
    from datetime import date

    from django.template import Context, Template

    assert settings.TIME_ZONE == "Europe/London"
    assert settings.LANGUAGE_CODE == "en-gb"
    rendered = Template("{{ d|date }}").render(Context({"d": date(2006, 6, 30)}))
    assert rendered == "30 Jun 2006"


def test_database_url_chooses_the_database():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    env = {**PRODUCTION, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/improvement"}
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr


@pytest.mark.postgres
def test_postgres_connections_run_without_jit(db):
    """JIT compiling the large plan queries cost more than it saved (README)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
