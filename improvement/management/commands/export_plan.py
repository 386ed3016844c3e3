from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from improvement.management.arguments import iso_date
from improvement.models import Plan
from improvement.spreadsheets.export import csv_bytes, sheets, xlsx_bytes


class Command(BaseCommand):
    help = (
        "Write a plan in the import template (plan.csv, people.csv) with computed columns at "
        "the end, as at a date; --xlsx also writes one workbook."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("folder", help="Where to write the CSV files (created if missing).")
        parser.add_argument("--as-at", type=iso_date, help="Default today.")
        parser.add_argument("--xlsx", help="Also write the sheets to this .xlsx file.")

    def handle(self, *args, slug, folder, as_at, xlsx, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(f"No plan {slug!r}")
        as_at = as_at or timezone.localdate()
        tables = sheets(plan, as_at)
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        for name, rows in tables.items():
            (out / f"{name}.csv").write_bytes(csv_bytes(rows))
            self.stdout.write(f"Wrote {out / f'{name}.csv'} ({len(rows) - 1} rows)")
        if xlsx:
            Path(xlsx).write_bytes(xlsx_bytes(tables, plan, as_at))
            self.stdout.write(f"Wrote {xlsx}")
