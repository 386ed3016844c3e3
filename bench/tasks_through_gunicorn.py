"""Preview and issue a 2,000-milestone plan's board report through gunicorn (its default
30 s timeout, 2 workers) with one task worker beside it (niced, as `make run` starts it),
timing each request and /healthz meanwhile.

    .venv/bin/python bench/tasks_through_gunicorn.py [--milestones 2000] [--port 8000]

Makes (and drops) its own PostgreSQL database, improvement_bench_tasks. Prints figures;
asserts nothing.
"""

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = "postgres://postgres@127.0.0.1:5432"
NAME = "improvement_bench_tasks"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", f"{SERVER}/postgres", "-qc", sql], check=True, stdout=subprocess.DEVNULL
    )


def prepare(url: str, milestones: int) -> tuple[str, int]:
    """The plan, a clerk and a draft report; returns the plan's slug and the report's id."""
    sys.path.insert(0, str(ROOT))
    from bench.board_report import SYNTHETIC, build_synthetic, setup_django

    setup_django(url)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from improvement.models import Plan
    from improvement.reports.models import BoardReport
    from improvement.reports.services import starting_point

    call_command("migrate", verbosity=0)
    build_synthetic(milestones)
    clerk = get_user_model().objects.create_user("clerk", password="bench-clerk-password")
    clerk.groups.add(Group.objects.get_or_create(name="Clerk")[0])
    plan = Plan.objects.get(slug=SYNTHETIC)
    day = date(2006, 12, 31)
    report = BoardReport.objects.create(
        plan=plan, meeting_date=day, as_at=day, **starting_point(plan, meeting="Cabinet")
    )
    return plan.slug, report.pk


def timed(opener, url, data=None):
    started = time.perf_counter()
    try:
        response = opener.open(url, data=data, timeout=120)
        status, body, location = response.status, response.read(), response.headers["Location"]
    except urllib.error.HTTPError as error:
        status, body, location = error.code, error.read(), error.headers.get("Location")
    return time.perf_counter() - started, status, body, location


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--milestones", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    psql(f"DROP DATABASE IF EXISTS {NAME}")
    psql(f"CREATE DATABASE {NAME}")
    url = f"{SERVER}/{NAME}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SECRET_KEY": "bench-only-secret-key",
           "DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}  # fmt: skip
    processes = []
    try:
        slug, pk = prepare(url, args.milestones)
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                       cwd=ROOT, env=env, check=True)  # fmt: skip
        bind = f"127.0.0.1:{args.port}"
        processes.append(subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "improvement.wsgi", "--bind", bind,
             "--workers", "2"], cwd=ROOT, env=env, stderr=subprocess.DEVNULL))  # fmt: skip
        processes.append(subprocess.Popen(
            ["nice", "-n", "10", sys.executable, "manage.py", "db_worker", "--no-reload",
             "--interval", "0.5"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL))  # fmt: skip
        base = f"http://{bind}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
        login = opener.open(f"{base}/accounts/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login)[1]
        form = {"username": "clerk", "password": "bench-clerk-password",
                "csrfmiddlewaretoken": token}  # fmt: skip
        timed(opener, f"{base}/accounts/login/", urllib.parse.urlencode(form).encode())

        health, stop = [], threading.Event()

        def probe():
            while not stop.is_set():
                seconds, status, _, _ = timed(urllib.request.build_opener(), f"{base}/healthz")
                health.append((seconds, status))
                time.sleep(0.25)

        prober = threading.Thread(target=probe)
        prober.start()
        report = f"{base}/plans/{slug}/reports/{pk}"
        seconds, status, _, preview = timed(opener, f"{report}/pdf/")
        print(f"preview: {status} in {seconds * 1000:.0f} ms -> {preview}")
        page = opener.open(f"{report}/issue/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode()
        seconds, status, _, issue = timed(opener, f"{report}/issue/", data)
        print(f"issue:   {status} in {seconds * 1000:.0f} ms -> {issue}")
        for name, task in (("preview", preview), ("issue", issue)):
            seconds, status, body, _ = timed(opener, f"{base}{task}")
            print(f"{name} task page: {status} in {seconds * 1000:.0f} ms")
        started = time.perf_counter()
        finished = {}
        while len(finished) < 2 and time.perf_counter() - started < 1200:
            for name, task in (("preview", preview), ("issue", issue)):
                if name in finished:
                    continue
                body = opener.open(f"{base}{task}").read().decode()
                state = re.search(r'id="task-state"><strong[^>]*>(\w+)<', body)[1]
                if state in ("Done", "Failed"):
                    finished[name] = (state, time.perf_counter() - started)
            time.sleep(2)
        stop.set()
        prober.join()
        for name, (state, seconds) in finished.items():
            print(f"{name}: {state} after {seconds:.0f} s")
        times = sorted(seconds for seconds, _ in health)
        print(
            f"/healthz meanwhile: {len(times)} requests, all {sorted({s for _, s in health})}, "
            f"median {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {times[int(len(times) * 0.95)] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
        )
    finally:
        for process in processes:
            process.terminate()
            process.wait()
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {NAME}")


if __name__ == "__main__":
    main()
