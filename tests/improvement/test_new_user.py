"""What a new user met: no icon (a 404 on every page), a demo report issued on the day the
demo was loaded, and "Watching for file changes" printed twice when the server starts."""

import os
import subprocess
import sys

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

from improvement.demo import SLUG
from improvement.reports.models import BoardReport


def test_the_icon_is_served_and_linked(client, db):
    response = Client().get("/favicon.ico")
    assert response.status_code == 302
    assert response.url.endswith("/images/favicon.svg")
    assert finders.find("images/favicon.svg")
    page = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/images/favicon.svg" type="image/svg+xml">' in page


def test_the_demo_report_is_issued_with_its_own_date(db):
    call_command("load_demo", "--with-demo-accounts", "--with-board-report")
    report = BoardReport.objects.get(plan__slug=SLUG)
    issued = report.issued_at.astimezone().date()
    assert report.as_at < issued < report.meeting_date
    assert issued.year == 2006
    assert 'Issued</dt><dd class="govuk-summary-list__value">1 June 2006' in report.html


def test_a_development_server_message_is_printed_once():
    """The reloader's start-up line goes through the django logger; it must not also reach
    the root logger's handler."""
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.utils.autoreload').info('Watching for file changes')"
    )
    env = {**os.environ, "DJANGO_DEBUG": "true", "DJANGO_SETTINGS_MODULE": "improvement.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert (result.stdout + result.stderr).count("Watching for file changes") == 1
