"""Time the board report: the demo's, and a synthetic plan's of 2,000 milestones.

    .venv/bin/python bench/board_report.py [--milestones 2000] [--database postgres]
                                           [--keep FILE.sqlite3]

Each report is rendered (content queries, HTML, WeasyPrint PDF) in a fresh process, which
prints its wall and CPU time and its peak resident memory; then, in another fresh process,
WeasyPrint alone makes the PDF from the same HTML (with the project's tagging fixes, which
are how it runs here), and the ratio of the two wall times is printed. Prints figures and the
load average; asserts nothing. The database is a fresh SQLite file (or a fresh PostgreSQL
database, improvement_bench_reports), dropped after; `--keep` builds a SQLite file once and
reuses it.
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


def render(slug: str, as_at: str, html_path: str) -> None:
    """In a fresh process: render the plan's report as at the date through the whole pipeline
    (queries, HTML, WeasyPrint, PDF/UA post-processing); print seconds and MB, and keep the
    HTML in `html_path` for `weasyprint_alone`."""
    setup_django(os.environ["DATABASE_URL"])
    from pypdf import PdfReader

    from improvement.models import Plan
    from improvement.reports.content import report_content
    from improvement.reports.models import BoardReport
    from improvement.reports.pdf import render_pdf, report_html
    from improvement.reports.services import starting_point

    plan = Plan.objects.get(slug=slug)
    day = date.fromisoformat(as_at)
    report = BoardReport(
        plan=plan, meeting="Cabinet", meeting_date=day, as_at=day, **starting_point(plan)
    )
    started, cpu = time.perf_counter(), time.process_time()
    pdf = render_pdf(report_content(report))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    Path(html_path).write_text(report_html(report_content(report)), encoding="utf-8")
    print(
        f"{slug}: {seconds:.2f} s ({cpu:.2f} s of CPU), peak {peak_mb:.0f} MB, {pages} pages, "
        f"{len(pdf):,} bytes"
    )
    print(f"PIPELINE {seconds:.3f}", flush=True)


def weasyprint_alone(html_path: str) -> None:
    """In a fresh process: WeasyPrint alone on the pre-rendered HTML, set up as the project
    sets it up (improvement/reports/pdf.py: its tagging fixes and garbage collection during
    layout), with no queries and no templates."""
    setup_django(os.environ["DATABASE_URL"])
    from improvement.reports.pdf import pdf_from_html

    html = Path(html_path).read_text(encoding="utf-8")
    started, cpu = time.perf_counter(), time.process_time()
    pdf_from_html(html)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  WeasyPrint alone on the same HTML: {seconds:.2f} s ({cpu:.2f} s of CPU), "
        f"peak {peak_mb:.0f} MB"
    )
    print(f"WEASYPRINT {seconds:.3f}", flush=True)


def run_child(args: list[str], env: dict) -> float:
    """Run this script in a fresh process; echo its figures and return the one it tags."""
    out = subprocess.run(
        [sys.executable, __file__, *args], env=env, check=True, capture_output=True, text=True
    ).stdout
    figure = 0.0
    for line in out.splitlines():
        tag, _, value = line.partition(" ")
        if tag in ("PIPELINE", "WEASYPRINT"):
            figure = float(value)
        else:
            print(line)
    return figure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--milestones", type=int, default=2000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--keep", metavar="FILE", help="SQLite file to build once and reuse (not dropped)"
    )
    parser.add_argument("--render", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--weasyprint-alone", metavar="HTML", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render:
        render(*args.render)
        return
    if args.weasyprint_alone:
        weasyprint_alone(args.weasyprint_alone)
        return
    print(f"load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as folder:
        if args.database == "postgres":
            url = POSTGRES
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists",
                            "improvement_bench_reports"], check=True)  # fmt: skip
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres",
                            "improvement_bench_reports"], check=True)  # fmt: skip
        else:
            url = f"sqlite:///{args.keep or f'{folder}/bench.sqlite3'}"
        env = {**os.environ, "DATABASE_URL": url}
        started = time.perf_counter()
        if not (args.keep and Path(args.keep).exists()):
            code = (
                f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); "
                f"import board_report; board_report.prepare({url!r}, {args.milestones})"
            )
            subprocess.run([sys.executable, "-c", code], env=env, check=True)
            print(f"set-up ({args.database}): {time.perf_counter() - started:.1f} s")
        for slug, as_at in (("jar-2006", "2006-06-30"), (SYNTHETIC, "2006-12-31")):
            html = f"{folder}/{slug}.html"
            pipeline = run_child(["--render", slug, as_at, html], env)
            alone = run_child(["--weasyprint-alone", html], env)
            print(f"  ratio, whole pipeline / WeasyPrint alone: {pipeline / alone:.2f}")
        print(f"load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
        if args.database == "postgres":
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres",
                            "improvement_bench_reports"], check=True)  # fmt: skip


if __name__ == "__main__":
    main()
