"""Time a dry run and an import of a synthetic 5,000-milestone plan (with 15 PIs of 12 periods
and 25 risks), on SQLite and PostgreSQL.

    .venv/bin/python bench/import_plan.py [--milestones 5000] [--only sqlite|postgres]

Prints figures; asserts nothing. Each database is made fresh for the run and dropped after.
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = "postgres://postgres@127.0.0.1:5432/improvement_bench_import"
sys.path.insert(0, str(ROOT))
from improvement.spreadsheets.template import (  # noqa: E402 (needs ROOT on the path)
    INDICATOR_COLUMNS,
    PLAN_COLUMNS,
    RISK_COLUMNS,
)

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def initials(n: int) -> str:
    """Forty distinct leads' initials: AA, BA, ... (letters only, as plans write them)."""
    return chr(65 + n % 26) + chr(65 + n // 26)


def write_plan(folder: Path, milestones: int) -> None:
    statuses = ["", "On track", "Behind", "Complete", "Off track"]
    with open(folder / "plan.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PLAN_COLUMNS)
        for n in range(milestones):
            rec = n // 10 + 1
            writer.writerow(
                [
                    f"Theme {rec % 5}",
                    str(rec),
                    f"Recommendation {rec}: improve the service",
                    "2026-27",
                    f"Outcome {rec}.{n % 3}",
                    str(n % 10 + 1),
                    f"Milestone {n}: do the work",
                    "Evidence of the work",
                    f"{initials(n % 40)} {initials((n + 7) % 40)}",
                    f"{n % 12 + 1}/27",
                    statuses[n % 5],
                ]
            )
    with open(folder / "people.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["initials", "name", "role", "organisation"])
        for n in range(40):
            writer.writerow([initials(n), f"Lead {n}", "Service Manager", "County Council"])
    with open(folder / "indicators.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(INDICATOR_COLUMNS)
        for pi in range(15):
            for month in range(12):
                writer.writerow(
                    [f"PI {pi}", f"Indicator {pi}", "%", "true", f"{MONTHS[month]} 2026"]
                    + [str(60 + (pi * 7 + month) % 40), "80", "75", "England average", str(pi + 1)]
                )
    with open(folder / "risks.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(RISK_COLUMNS)
        for n in range(25):
            likelihood, severity = n % 4 + 1, (n // 4) % 4 + 1
            writer.writerow(
                [f"R{n + 1}", f"Risk {n + 1}", likelihood, severity, "", "", "Mitigate"]
                + [initials(n % 40), max(1, likelihood - 1), severity, "", "", "Fall back"]
            )


def run_one(database_url: str, folder: str) -> None:
    """In a child process: migrate the fresh database, then time the dry run and the import."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop")
    os.environ["DJANGO_SETTINGS_MODULE"] = "improvement.settings"
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command

    from improvement.spreadsheets.plan_import import import_plan
    from improvement.spreadsheets.reading import read_path

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    sheets = read_path(Path(folder))
    read_s = time.perf_counter() - started
    for dry_run in (True, False):
        started = time.perf_counter()
        result = import_plan(
            sheets, slug="bench", title="Bench", as_at=date(2026, 11, 1), dry_run=dry_run
        )
        elapsed = time.perf_counter() - started
        assert result.ok, result.errors[:3]
        label = "dry run" if dry_run else "import "
        print(
            f"  {label}: {elapsed:6.2f} s for {result.created['milestones']} milestones "
            f"and {result.created['status updates']} status updates, "
            f"{result.created['indicator figures']} PI figures and {result.created['risks']} "
            f"risks (reading: {read_s:.2f} s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--milestones", type=int, default=5000)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", nargs=2, metavar=("DATABASE_URL", "FOLDER"))
    args = parser.parse_args()
    if args.child:
        run_one(*args.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        write_plan(Path(folder), args.milestones)
        targets = {"sqlite": f"sqlite:///{folder}/bench.sqlite3", "postgres": POSTGRES}
        for name, url in targets.items():
            if args.only and args.only != name:
                continue
            if name == "postgres":
                _recreate_postgres()
            print(f"{name}: {args.milestones} milestones")
            subprocess.run([sys.executable, __file__, "--child", url, folder], check=True, cwd=ROOT)
            if name == "postgres":
                _recreate_postgres(drop_only=True)


def _recreate_postgres(drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute("DROP DATABASE IF EXISTS improvement_bench_import")
        if not drop_only:
            db.execute("CREATE DATABASE improvement_bench_import")


if __name__ == "__main__":
    main()
