"""`manage.py db_worker`, the real command in its own process, whose report rendering first
touches a marker file and then holds for a minute, as a large plan's WeasyPrint layout does:
the test knows the worker is mid-render when it kills it.

Run as: python tests/tasks/held_worker.py MARKER_FILE (from the repository's root).
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.worker_settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from improvement.reports import services  # noqa: E402

MARKER = Path(sys.argv[1])
real_render = services.render_pdf


def held_render(content):
    pdf = real_render(content)  # the real layout, then the held end of a long one
    MARKER.write_text(str(os.getpid()))
    time.sleep(60)
    return pdf


services.render_pdf = held_render
call_command("db_worker", reload=False, startup_delay=False, interval=0.2, verbosity=2)
