"""Render a plan's board report as a PDF, for scheduled runs:

    python manage.py board_report <plan-slug> --as-at YYYY-MM-DD --out FILE.pdf

The narrative is the plan's latest report's, or the default one when it has none. Nothing is
saved and nothing is issued, so the PDF carries the DRAFT mark: only issuing, in the
application, makes the record that never changes.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from improvement.management.arguments import iso_date
from improvement.models import Plan
from improvement.reports.content import report_content
from improvement.reports.models import BoardReport
from improvement.reports.pdf import render_pdf
from improvement.reports.services import DEFAULT_MEETING, previous_report, starting_point
from improvement.tasks.commands import add_queue_argument, queue_command


class Command(BaseCommand):
    help = "Write a plan's board report, as at a date, to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("plan", help="The plan's slug.")
        parser.add_argument("--as-at", type=iso_date, help="YYYY-MM-DD; default today.")
        parser.add_argument("--out", required=True, type=Path, help="The PDF file to write.")
        add_queue_argument(parser)

    def handle(self, *args, plan, as_at, out, queue=False, **options):
        try:
            plan_obj = Plan.objects.get(slug=plan)
        except Plan.DoesNotExist as exc:
            raise CommandError(f"There is no plan {plan!r}.") from exc
        as_at = as_at or timezone.localdate()
        if queue:
            # The worker writes the file: give it a path that does not depend on where the
            # scheduler ran.
            argv = [plan, "--as-at", as_at.isoformat(), "--out", str(out.resolve())]
            task = queue_command("board_report", argv, plan=plan_obj)
            self.stdout.write(f"Queued as task {task.pk}: the task worker writes {out}.")
            return
        latest = previous_report(plan_obj)
        fields = {"meeting": DEFAULT_MEETING, **starting_point(plan_obj, latest)}
        report = BoardReport(plan=plan_obj, meeting_date=as_at, as_at=as_at, **fields)
        pdf = render_pdf(report_content(report, draft=True))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pdf)
        source = f"the narrative of {latest}" if latest else "the default narrative"
        self.stdout.write(f"Wrote {out} ({len(pdf):,} bytes), as at {as_at:%-d %b %Y}, {source}.")
