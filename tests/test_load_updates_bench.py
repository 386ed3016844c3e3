"""bench/load_updates.py on a loaded machine: a sign-in that fails is retried, then stops the
run at once and says why (rather than a thread dying silently and the run waiting minutes);
the check survives a database restart; the script needs only the standard library."""

import importlib
import socket
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

sys.path.insert(0, str(Path(settings.BASE_DIR) / "bench"))


@pytest.fixture
def load_updates():
    return importlib.import_module("load_updates")


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_script_needs_no_package_outside_the_project(load_updates):
    source = Path(load_updates.__file__).read_text()
    assert "import requests" not in source


def test_a_failed_sign_in_is_retried_then_stops_the_run_saying_why(load_updates, monkeypatch):
    monkeypatch.setattr(load_updates.Officer, "RETRY_AFTER", 0)
    monkeypatch.setattr(load_updates.Officer, "SIGN_IN_TIMEOUT", 2)
    results = load_updates.Results()
    start = threading.Barrier(2, timeout=300)
    officer = load_updates.Officer(
        "officer-1",
        "pw",
        [("plan", 1)],
        f"http://127.0.0.1:{closed_port()}",
        start,
        1,
        threading.Semaphore(10),
        results,
    )
    began = time.monotonic()
    officer.start()
    with pytest.raises(threading.BrokenBarrierError):
        start.wait()  # the main thread learns at once, not after the barrier's 300 s
    officer.join(timeout=30)
    assert not officer.is_alive()
    assert time.monotonic() - began < 60  # a bound on the test's own wait, not a timing claim
    (failure,) = results.failures
    assert failure.startswith("officer-1: officer-1 could not sign in after 4 tries")
    assert "ConnectionRefusedError" in failure or "Connection refused" in failure


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_check_survives_a_database_restart(load_updates, alice):
    from recommendations.models import StatusUpdate  # noqa: F401  (the check reads it)

    results = load_updates.Results()
    connection.ensure_connection()
    # What a restart leaves behind: a connection the server has dropped.
    import psycopg

    with pytest.raises(psycopg.errors.AdminShutdown), connection.connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    assert load_updates.check(results) == []
