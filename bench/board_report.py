"""Time the board report: the demo's, and a synthetic plan's of 2,000 milestones.

    .venv/bin/python bench/board_report.py [--milestones 2000] [--database postgres]

Each report is rendered (content queries, HTML, WeasyPrint PDF) in a fresh process, which
prints its wall time and its peak resident memory. Prints figures; asserts nothing. The
database is a fresh SQLite file (or a fresh PostgreSQL database, improvement_bench_reports),
dropped after.
"""

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = "postgres://postgres@127.0.0.1:5432/improvement_bench_reports"
SYNTHETIC = "synthetic-2000"


def setup_django(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "improvement.settings")
    import django

    django.setup()


def build_synthetic(milestones: int) -> None:
    """A plan of `milestones` milestones (20 per recommendation, 5 themes), each with one or
    two of 40 leads and two status updates, due over 2006-2008; 30 indicators and 20 scored
    risks. As at 31 Dec 2006, about one milestone in five is off track or behind, as in the
    plans councils report on (the demo: 14 of 66 as at 31 May 2006)."""
    from improvement.models import Person, Plan, Theme
    from indicators.models import Indicator, Measurement
    from recommendations.models import (
        Milestone,
        MilestoneLead,
        Outcome,
        Recommendation,
        StatusUpdate,
    )
    from risks.models import Risk

    plan = Plan.objects.create(
        title="Synthetic improvement plan", slug=SYNTHETIC,
        starts_on=date(2006, 1, 1), ends_on=date(2007, 12, 31),
    )  # fmt: skip
    themes = [Theme.objects.create(plan=plan, name=f"Theme {t}", order=t) for t in range(5)]
    people = [Person.objects.create(name=f"Bench lead {n}") for n in range(40)]
    # The second update's status, one in ten of each of behind and off track.
    statuses = ["on_track"] * 4 + ["complete"] * 3 + ["not_started", "behind", "off_track"]
    for r in range(1, milestones // 20 + 1):
        rec = Recommendation.objects.create(
            plan=plan, theme=themes[r % 5], ref=str(r), text=f"Recommendation {r} " * 8
        )
        outcome = Outcome.objects.create(recommendation=rec, text=f"Outcome of {r} " * 6)
        rows = Milestone.objects.bulk_create(
            Milestone(
                recommendation=rec, outcome=outcome, ref=str(m), ref_sort=f"{m:05d}", order=m,
                text=f"Milestone {r}.{m}: do the thing that was agreed " * 2,
                success_criteria="Evidence of the thing done, audited " * 2,
                due_text=f"{1 + (r + m) % 12}/{'06' if m % 2 else '07'}",
                due_date=date(2006 + m % 3, 1 + (r + m) % 12, 28),
            )
            for m in range(1, 21)
        )  # fmt: skip
        MilestoneLead.objects.bulk_create(
            MilestoneLead(milestone=ms, person=people[(r + m + k) % 40], order=k)
            for m, ms in enumerate(rows)
            for k in range(1 + m % 2)
        )
        StatusUpdate.objects.bulk_create(
            StatusUpdate(
                milestone=ms, status="on_track" if k == 0 else statuses[(r * 7 + m) % 10],
                as_at=date(2006, 3 + 4 * k, 1),
                comment="Progress reported at the monthly review meeting",
            )
            for m, ms in enumerate(rows)
            for k in range(2)
        )  # fmt: skip
    for n in range(30):
        indicator = Indicator.objects.create(
            plan=plan, ref=f"PI {n}", definition=f"Indicator {n}", higher_is_better=n % 2 == 0
        )
        for q, end in enumerate((date(2006, 3, 31), date(2006, 9, 30), date(2007, 3, 31))):
            Measurement.objects.create(
                indicator=indicator, period=f"Q{q}", period_end=end,
                actual=str(60 + n + q), actual_number=60 + n + q, target="75", target_number=75,
            )  # fmt: skip
    for n in range(20):
        Risk.objects.create(
            plan=plan, ref=f"R{n}", description=f"Risk {n}", likelihood=1 + n % 4,
            severity=1 + (n // 4) % 4, residual_likelihood=1 + n % 3, residual_severity=1 + n % 2,
            mitigation="Monthly review", owner=people[n],
        )  # fmt: skip


def prepare(database_url: str, milestones: int) -> None:
    setup_django(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    build_synthetic(milestones)


def render(slug: str, as_at: str) -> None:
    """In a fresh process: render the plan's report as at the date; print seconds and MB."""
    setup_django(os.environ["DATABASE_URL"])
    from pypdf import PdfReader

    from improvement.models import Plan
    from improvement.reports.content import report_content
    from improvement.reports.models import BoardReport
    from improvement.reports.pdf import render_pdf
    from improvement.reports.services import starting_point

    plan = Plan.objects.get(slug=slug)
    day = date.fromisoformat(as_at)
    report = BoardReport(
        plan=plan, meeting="Cabinet", meeting_date=day, as_at=day, **starting_point(plan)
    )
    started = time.perf_counter()
    pdf = render_pdf(report_content(report))
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"{slug}: {seconds:.2f} s, peak {peak_mb:.0f} MB, {pages} pages, {len(pdf):,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--milestones", type=int, default=2000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--render", nargs=2, metavar=("SLUG", "AS_AT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render:
        render(*args.render)
        return
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as folder:
        if args.database == "postgres":
            url = POSTGRES
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists",
                            "improvement_bench_reports"], check=True)  # fmt: skip
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres",
                            "improvement_bench_reports"], check=True)  # fmt: skip
        else:
            url = f"sqlite:///{folder}/bench.sqlite3"
        env = {**os.environ, "DATABASE_URL": url}
        started = time.perf_counter()
        code = (
            f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); "
            f"import board_report; board_report.prepare({url!r}, {args.milestones})"
        )
        child = [sys.executable, "-c", code]
        subprocess.run(child, env=env, check=True)
        print(f"set-up ({args.database}): {time.perf_counter() - started:.1f} s")
        for slug, as_at in (("jar-2006", "2006-06-30"), (SYNTHETIC, "2006-12-31")):
            subprocess.run([sys.executable, __file__, "--render", slug, as_at], env=env, check=True)
        if args.database == "postgres":
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres",
                            "improvement_bench_reports"], check=True)  # fmt: skip


if __name__ == "__main__":
    main()
