"""Running queued tasks in tests: the real django-tasks-db worker, in this process (the test's
own transaction and database) or as a separate `manage.py db_worker` process."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def run_queued_tasks() -> None:
    """Run every queued task to its end with django-tasks-db's own worker, in this process,
    then return. The worker closes "old" connections between tasks, which inside a test's
    transaction would close the test's own; here that step is left out, nothing else."""
    from django_tasks_db.management.commands import db_worker

    keep = db_worker.close_old_connections
    db_worker.close_old_connections = lambda: None
    try:
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
        )
    finally:
        db_worker.close_old_connections = keep


def worker_environment(**extra) -> dict:
    """The environment of a `db_worker` subprocess that works on this test's database (which
    must be committed and, on SQLite, a file: see transactional_file_db)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        url = f"sqlite:///{db['NAME']}"
    else:
        url = (
            f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_DEBUG": "false",
        **extra,
    }


def start_worker(**extra) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
            "-v",
            "2",
        ],
        cwd=ROOT,
        env=worker_environment(**extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
