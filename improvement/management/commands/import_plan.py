import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from improvement.management.arguments import iso_date
from improvement.models import Plan
from improvement.spreadsheets.layout import Mapping
from improvement.spreadsheets.plan_import import import_plan
from improvement.spreadsheets.reading import FileProblem, read_path


class Command(BaseCommand):
    help = (
        "Import a plan from a folder of CSV files (plan.csv, people.csv) or an .xlsx workbook. "
        "All or nothing: on any error nothing changes and the command exits non-zero."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="A folder of CSV files, or an .xlsx file.")
        parser.add_argument("--plan", required=True, help="The plan's slug (new or existing).")
        parser.add_argument("--title", default="", help="The plan's title (for a new plan).")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change.")
        parser.add_argument(
            "--create-people",
            action="store_true",
            help="Create leads that no people list names, instead of refusing the import.",
        )
        parser.add_argument(
            "--as-at",
            type=iso_date,
            help="The date status cells describe (default today).",
        )
        parser.add_argument(
            "--mapping",
            metavar="FILE.json",
            help='Where the plan sheet is: {"sheet": "...", "header_row": n, "columns": '
            '{"Their heading": "template_column"}}. Not needed when the headings are '
            "recognised, nor when the plan's last import's layout still fits.",
        )

    def handle(self, *args, source, plan, title, dry_run, create_people, as_at, **options):
        try:
            mapping = _mapping(options["mapping"]) if options["mapping"] else None
            existing = Plan.objects.filter(slug=plan).first()
            saved = Mapping.from_json(existing.import_mapping) if existing else None
            sheets = read_path(Path(source), mapping, saved if saved and saved.sheet else None)
        except FileProblem as problem:
            raise CommandError(str(problem)) from problem
        result = import_plan(
            sheets,
            slug=plan,
            title=title,
            as_at=as_at or timezone.localdate(),
            create_people=create_people,
            dry_run=dry_run,
            source=Path(source).name,
        )
        for line in result.lines():
            self.stdout.write(line)
        if not result.ok:
            raise CommandError(f"{len(result.errors)} errors: nothing was imported.")
        self.stdout.write(
            "Dry run: nothing was changed." if dry_run else f"Imported: {result.done()}."
        )


def _mapping(path: str) -> Mapping:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise FileProblem(f"The mapping {path} cannot be read: {exc.strerror}.") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise FileProblem(f"The mapping {path} is not JSON: {exc}.") from None
    return Mapping.from_json(data, f"The mapping {path}")
