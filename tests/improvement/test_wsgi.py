"""An app server process loads every view as it starts, not in its first request (which then
waited 0.9 s: a load balancer's first /healthz probe, or a user's first page)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_starting_the_wsgi_application_imports_the_views():
    script = (
        "import sys, improvement.wsgi; "
        "print(all(m in sys.modules for m in "
        "('improvement.reports.views', 'recommendations.structure_views', 'improvement.search')))"
    )
    env = {**os.environ, "DJANGO_SECRET_KEY": "test-only", "DJANGO_DEBUG": "false"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
