"""Backup and restore, as the README documents it: `dumpdata` of everything but what Django
rebuilds, `flush`, `loaddata`; the restored database has the same plans, history and figures.

XML, not JSON: Django's JSON encoder rounds times to the millisecond, and the history is
ordered by them."""

import tempfile
from datetime import date
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from improvement.dashboard import plan_summary
from improvement.models import Plan
from improvement.status import Status
from indicators.models import Measurement
from recommendations.models import Milestone, StatusUpdate
from recommendations.services import record_status_update
from recommendations.timeline import months_between, plan_timeline
from risks.models import Risk, RiskReview
from tests.risks.factories import review

# The same list the README's backup command gives.
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


def figures() -> dict:
    """What a board would read: each plan's summary and timeline, every status update with its
    author, every PI figure, every risk review, and the change histories behind the audit."""
    result = {}
    for plan in Plan.objects.order_by("slug"):
        months = months_between(date(2006, 1, 1), date(2006, 12, 1))
        timeline = plan_timeline(plan, months, date(2026, 1, 1))
        result[plan.slug] = {
            "summary": plan_summary(plan, date(2006, 5, 31)),
            "timeline": [
                (row.recommendation.ref, row.by_month(months))
                for theme in timeline.themes
                for row in theme.rows
            ],
        }
    result["updates"] = list(
        StatusUpdate.objects.order_by("pk").values_list(
            "milestone__ref", "status", "as_at", "comment", "author__username", "created"
        )
    )
    result["figures"] = list(
        Measurement.objects.order_by("pk").values_list(
            "indicator__ref", "period", "actual", "target", "comparator"
        )
    )
    result["reviews"] = list(
        RiskReview.objects.order_by("pk").values_list(
            "risk__ref", "reviewed_on", "likelihood", "severity", "band", "author__username"
        )
    )
    result["milestone history"] = list(
        Milestone.history.order_by("history_id").values_list(
            "id", "revised_due_date", "history_type", "history_user__username", "history_date"
        )
    )
    result["risk history"] = Risk.history.count()
    result["figure history"] = Measurement.history.count()
    return result


def test_a_restored_database_has_the_same_plans_history_and_figures(transactional_db, alice):
    # Transactional: flush empties tables for real, as on a server (PostgreSQL refuses to
    # TRUNCATE inside the transaction an ordinary test runs in).
    call_command("load_demo")
    demo = Plan.objects.get()
    milestone = Milestone.objects.filter(recommendation__plan=demo).first()
    record_status_update(
        milestone,
        status=Status.BEHIND,
        as_at=date(2006, 5, 31),
        comment="Recovery plan agreed",
        revised_due_date=date(2006, 9, 30),
        revision_reason="Staff shortage",
        author=alice,
    )
    review(Risk.objects.filter(plan=demo).first(), date(2006, 5, 1), (2, 3), author=alice)
    before = figures()
    assert before["updates"] and before["figures"] and before["reviews"]

    backup = StringIO()
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        "--format=xml",
        *[f"--exclude={label}" for label in EXCLUDE],
        stdout=backup,
    )
    call_command("flush", "--noinput")
    assert not Plan.objects.exists()

    path = Path(tempfile.mkdtemp()) / "backup.xml"
    path.write_text(backup.getvalue())
    call_command("loaddata", str(path), verbosity=0)

    assert figures() == before
