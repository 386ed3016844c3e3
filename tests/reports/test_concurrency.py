"""Two clerks issue the same report at the same moment, in two real PostgreSQL transactions:
one PDF is made and stored; the other clerk is told the report was issued."""

import os
import re
import threading
import time

import pytest
from django.db import connection, connections

from improvement.reports import services
from improvement.reports.models import BoardReport
from tests.factories import make_user
from tests.reports.conftest import make_report

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_two_clerks_issuing_at_once_make_one_issued_pdf(small_plan, clerk, monkeypatch):
    other = make_user("carl", "Clerk")
    report = make_report(small_plan.plan)
    rendering, release = threading.Event(), threading.Event()
    render = services.render_pdf

    def slow_render(content):
        # Hold the first issue inside its transaction until the second is queued on the lock.
        rendering.set()
        release.wait(10)
        return render(content)

    monkeypatch.setattr(services, "render_pdf", slow_render)
    outcome = {}

    def issue(name, user, wait_for=None):
        if wait_for:
            wait_for.wait(10)
        try:
            services.issue(BoardReport.objects.get(pk=report.pk), user)
            outcome[name] = "issued"
        except services.ReportIssued:
            outcome[name] = "refused"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=issue, args=("first", clerk)),
        threading.Thread(target=issue, args=("second", other, rendering)),
    ]
    for thread in threads:
        thread.start()
    rendering.wait(10)
    deadline = time.monotonic() + 10
    while waiting_on_a_lock() == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert waiting_on_a_lock() == 1, "the second issue never overlapped the first"
    release.set()
    for thread in threads:
        thread.join(30)

    assert outcome == {"first": "issued", "second": "refused"}
    report.refresh_from_db()
    assert report.is_issued and report.issued_by == clerk
    assert report.pdf.name and report.pdf.storage.exists(report.pdf.name)
    folder = report.pdf.storage.path(report.pdf.name).rsplit("/", 1)[0]
    # This report's files only: "-1.pdf" or, had a second been stored, "-1_<random>.pdf"
    # (other tests' reports, "-15.pdf" say, share the folder).
    mine = re.compile(rf"council-plan-2006-07-13-{report.pk}(_\w+)?\.pdf")
    assert len([f for f in os.listdir(folder) if mine.fullmatch(f)]) == 1
