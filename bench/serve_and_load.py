"""`make bench`: a large county's data on PostgreSQL, served by gunicorn (2 workers) on
loopback and read by locust, one page at a time, with 1 and then 10 simulated users.

Prints, for each page: SQL queries per request (counted in-process with Django's test client,
apart from the timings), p50 and p95 latency and requests per second with 1 and with 10 users,
and that throughput as a share of /healthz's. Bounded: each run stops after --seconds or
--max-requests, whichever comes first. The database (improvement_bench) is made afresh and
dropped afterwards unless --keep.
"""

import argparse
import csv
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DB_NAME = "improvement_bench"
AIM_QUERIES, AIM_P95_MS, AIM_SHARE = 15, 150, 0.25


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--seconds", type=int, default=8, help="Per page and user count.")
    parser.add_argument("--max-requests", type=int, default=1500, help="Per run.")
    parser.add_argument("--users", type=int, default=10, help="The concurrent run's users.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true", help="Keep (and reuse) the database.")
    parser.add_argument("--seed-args", default="", help='Passed to seed_bench, e.g. "--plans 5".')
    return parser.parse_args()


def run_env(server: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"{server}/{DB_NAME}",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def make_database(server: str, keep: bool) -> bool:
    """Create the bench database; True when it already held seeded data (with --keep)."""
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if exists and keep:
            return True
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    return False


def analyse_database(server: str) -> None:
    """Statistics for the planner, as autovacuum would gather them some time after a bulk load:
    without them the first minutes of a fresh database are planned from guesses."""
    import psycopg

    with psycopg.connect(f"{server}/{DB_NAME}", autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def drop_database(server: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def pages(slug: str, today: date) -> list[tuple[str, str]]:
    first = date(today.year - 2 + (today.month == 12), today.month % 12 + 1, 1)
    return [
        ("/healthz", "/healthz"),
        ("portfolio /", "/"),
        ("plan dashboard", f"/plans/{slug}/dashboard/"),
        ("milestones, off track", f"/plans/{slug}/milestones/?status=off_track"),
        ("timeline, 24 months", f"/plans/{slug}/timeline/?from={first:%Y-%m}&to={today:%Y-%m}"),
        ("PI table", f"/plans/{slug}/indicators/"),
        ("risk register", f"/plans/{slug}/risks/"),
        ("summary API", f"/api/plans/{slug}/summary/"),
    ]


def prepare_django(env):
    """This process talks to the bench database too: for the session and the query counts."""
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SECRET_KEY", "DJANGO_DEBUG")})
    os.environ["DJANGO_ALLOWED_HOSTS"] = env["DJANGO_ALLOWED_HOSTS"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "improvement.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def director_session():
    """A signed-in session for a seeded director, as signing in would make."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    from improvement.sessions import TOUCHED

    user = User.objects.filter(username__endswith="-director").order_by("pk").first()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[TOUCHED] = int(time.time())
    session.create()
    return user, session.session_key


def count_queries(user, paths) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    counts = {}
    for _, path in paths:
        client.get(path)  # warm: the first request of a process loads more than the rest
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[path] = len(queries)
    return counts


SERVER_LOG = ROOT / "bench" / "results" / "gunicorn.log"


def serve(env, port: int) -> subprocess.Popen:
    """gunicorn on loopback, its log (a warning per 409, say) in bench/results/gunicorn.log."""
    SERVER_LOG.parent.mkdir(exist_ok=True)
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "improvement.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=SERVER_LOG.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer /healthz within 30 s: see {SERVER_LOG}")


def server_errors() -> str:
    """What the server logged that was not an expected 4xx warning."""
    lines = SERVER_LOG.read_text().splitlines()
    errors = [line for line in lines if "Error" in line or "Traceback" in line]
    return f"Server log {SERVER_LOG.relative_to(ROOT)}: {len(lines)} lines, {len(errors)} errors."


def load(path, users, args, cookie, workdir) -> dict:
    prefix = Path(workdir) / f"run-{abs(hash((path, users)))}"
    env = {
        **os.environ,
        "BENCH_PATH": path,
        "BENCH_SESSION_COOKIE": cookie,
        "BENCH_MAX_REQUESTS": str(args.max_requests),
    }
    run = subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--only-summary",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{args.seconds}s",
            "--stop-timeout",
            "5",
            "--host",
            f"http://127.0.0.1:{args.port}",
            "--csv",
            str(prefix),
            "--loglevel",
            "ERROR",
        ],
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    with open(f"{prefix}_stats.csv", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["Name"] == "Aggregated")
    if not int(row["Request Count"]):
        raise SystemExit(
            f"locust made no request to {path}:\n{run.stdout[-2000:]}{run.stderr[-2000:]}"
        )
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "rps": float(row["Requests/s"]),
    }


def report(paths, queries, results, users) -> None:
    base = results["/healthz"][users]["rps"]
    print()
    print(
        f"{'page':24} {'queries':>7} | {'1 user: p50':>11} {'p95 ms':>6} {'req/s':>6} | "
        f"{users} users: p50 {'p95 ms':>6} {'req/s':>6} {'vs /healthz':>11} | errors"
    )
    misses = []
    for label, path in paths:
        one, many = results[path][1], results[path][users]
        share = many["rps"] / base if base else 0
        print(
            f"{label:24} {queries[path]:>7} | {one['p50']:>11.0f} {one['p95']:>6.0f} "
            f"{one['rps']:>6.1f} | {many['p50']:>15.0f} {many['p95']:>6.0f} {many['rps']:>6.1f} "
            f"{share:>11.2f} | {one['failures'] + many['failures']}"
        )
        if queries[path] > AIM_QUERIES:
            misses.append(f"{label}: {queries[path]} queries (aim <= {AIM_QUERIES})")
        if one["p95"] >= AIM_P95_MS:
            misses.append(f"{label}: p95 {one['p95']:.0f} ms with 1 user (aim < {AIM_P95_MS})")
        if one["failures"] + many["failures"]:
            misses.append(f"{label}: {one['failures'] + many['failures']} failed requests")
        if share <= AIM_SHARE:
            misses.append(f"{label}: {share:.2f} of /healthz's throughput (aim > {AIM_SHARE})")
    print()
    print("Aims met." if not misses else "Aims missed:\n  " + "\n  ".join(misses))


def main():
    args = parse_args()
    started = time.monotonic()
    env = run_env(args.server)
    seeded = make_database(args.server, args.keep)
    manage(env, "migrate", "--noinput", "-v0")
    if not seeded:
        manage(env, "seed_bench", *args.seed_args.split())
        analyse_database(args.server)
    manage(env, "collectstatic", "--noinput", "-v0")
    prepare_django(env)
    from django.utils import timezone

    from improvement.models import Plan

    slug = Plan.objects.filter(slug__startswith="bench-").order_by("slug").first().slug
    paths = pages(slug, timezone.localdate())
    user, cookie = director_session()
    queries = count_queries(user, paths)

    server = serve(env, args.port)
    results = {}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
            for label, path in paths:
                results[path] = {n: load(path, n, args, cookie, workdir) for n in (1, args.users)}
                print(f"  {label}: done", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(args.server)
    report(paths, queries, results, args.users)
    print(server_errors())
    print(f"\nmake bench took {time.monotonic() - started:.0f} s ({os.cpu_count()} CPUs).")


if __name__ == "__main__":
    main()
