"""Load without loss: 50 officers post status updates for 60 s, many to milestones they share.

Serves the app with gunicorn (2 workers) on loopback over a fresh PostgreSQL database
(improvement_bench, dropped afterwards unless --keep). Each officer signs in through the log-in
page, then, until time is up, opens the update form of one of their milestones and saves it with
a comment that names the attempt. A save that lost the race is answered 409 (a conflict) and
must have left nothing behind. Afterwards every accepted update must be in the history exactly
once, every refused one not at all, and no response may be a 5xx. Prints the counts; exits 1 on
any loss, duplicate or server error.
"""

import argparse
import re
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import serve_and_load as bench  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
STATUSES = ["on_track", "behind", "off_track", "on_track"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--officers", type=int, default=50)
    parser.add_argument("--milestones", type=int, default=40, help="Shared among the officers.")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--max-requests", type=int, default=20000, help="Saves, in all.")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--keep", action="store_true")
    return parser.parse_args()


def assign(officers: int, milestones: int):
    """Seed a small plan, then give each officer three of its milestones: each milestone ends
    up with several leads, so officers save the same milestones at the same time."""
    from improvement.models import Person
    from recommendations.models import Milestone, MilestoneLead

    people = list(
        Person.objects.filter(user__groups__name="Officer")
        .select_related("user")
        .order_by("pk")[:officers]
    )
    chosen = list(Milestone.objects.order_by("pk")[:milestones])
    MilestoneLead.objects.all().delete()
    links, plan = {}, {}
    for n, person in enumerate(people):
        mine = [chosen[(n * 3 + k) % len(chosen)] for k in range(3)]
        links[person.user.username] = mine
        MilestoneLead.objects.bulk_create(
            MilestoneLead(milestone=m, person=person, order=0) for m in mine
        )
    for milestone in chosen:
        plan[milestone.pk] = milestone.recommendation.plan.slug
    return {user: [(plan[m.pk], m.pk) for m in mine] for user, mine in links.items()}, sum(
        len(m) for m in links.values()
    )


class Officer(threading.Thread):
    def __init__(self, username, password, milestones, base, start, seconds, budget, results):
        super().__init__(daemon=True)
        self.username, self.password, self.milestones = username, password, milestones
        self.base, self.start_line, self.seconds = base, start, seconds
        self.budget, self.results = budget, results
        self.session = requests.Session()

    def sign_in(self):
        page = self.session.get(f"{self.base}/accounts/login/", timeout=30)
        response = self.session.post(
            f"{self.base}/accounts/login/",
            data={
                "csrfmiddlewaretoken": CSRF.search(page.text)[1],
                "username": self.username,
                "password": self.password,
            },
            headers={"Referer": f"{self.base}/accounts/login/"},
            allow_redirects=False,
            timeout=30,
        )
        assert response.status_code == 302, f"{self.username} could not sign in"

    def run(self):
        # Signing in hashes a password (slow on purpose): all sign in first, then start together.
        self.sign_in()
        self.start_line.wait()
        deadline = time.monotonic() + self.seconds
        n = 0
        while time.monotonic() < deadline and self.budget.acquire(blocking=False):
            slug, pk = self.milestones[n % len(self.milestones)]
            n += 1
            self.save(f"{self.base}/plans/{slug}/milestones/{pk}/update/", n)

    def save(self, url, n):
        form = self.session.get(url, timeout=60)
        if form.status_code >= 500:
            self.results.record("5xx", None)
            return
        comment = f"load {self.username} #{n}"
        response = self.session.post(
            url,
            data={
                "csrfmiddlewaretoken": CSRF.search(form.text)[1],
                "status": STATUSES[n % len(STATUSES)],
                "as_at": f"{date.today():%Y-%m-%d}",
                "comment": comment,
                "evidence": "",
                "version": VERSION.search(form.text)[1],
            },
            headers={"Referer": url},
            allow_redirects=False,
            timeout=60,
        )
        outcome = {302: "accepted", 409: "conflict"}.get(response.status_code)
        if outcome is None:
            outcome = "5xx" if response.status_code >= 500 else f"HTTP {response.status_code}"
        self.results.record(outcome, comment)


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = Counter()
        self.comments = {"accepted": [], "conflict": []}

    def record(self, outcome, comment):
        with self.lock:
            self.counts[outcome] += 1
            if outcome in self.comments:
                self.comments[outcome].append(comment)


def check(results) -> list[str]:
    """What the history says of each attempt."""
    from recommendations.models import StatusUpdate

    in_history = Counter(
        StatusUpdate.objects.filter(comment__startswith="load ").values_list("comment", flat=True)
    )
    problems = []
    lost = [c for c in results.comments["accepted"] if in_history[c] == 0]
    doubled = [c for c in results.comments["accepted"] if in_history[c] > 1]
    leaked = [c for c in results.comments["conflict"] if in_history[c]]
    unexplained = set(in_history) - set(results.comments["accepted"])
    for name, items in [
        ("accepted but missing from the history", lost),
        ("in the history more than once", doubled),
        ("refused as a conflict yet in the history", leaked),
        ("in the history but never reported accepted", unexplained),
    ]:
        if items:
            problems.append(f"{len(items)} updates {name}, e.g. {sorted(items)[:3]}")
    if results.counts["5xx"]:
        problems.append(f"{results.counts['5xx']} responses were 5xx")
    other = {k: v for k, v in results.counts.items() if k.startswith("HTTP")}
    if other:
        problems.append(f"unexpected responses: {other}")
    return problems


def main():
    args = parse_args()
    started = time.monotonic()
    env = bench.run_env(args.server)
    bench.make_database(args.server, keep=False)
    bench.manage(env, "migrate", "--noinput", "-v0")
    bench.manage(
        env,
        "seed_bench",
        "--plans=1",
        f"--recommendations={max(1, args.milestones // 10)}",
        "--milestones-per-recommendation=10",
        "--updates-per-milestone=2",
        "--indicators=1",
        "--periods=1",
        "--risks=1",
        f"--people={args.officers}",
        f"--officers={args.officers}",
    )
    bench.manage(env, "collectstatic", "--noinput", "-v0")
    bench.prepare_django(env)
    accounts, links = assign(args.officers, args.milestones)
    from improvement.management.commands.seed_bench import DEFAULT_PASSWORD

    server = bench.serve(env, args.port)
    results = Results()
    try:
        start = threading.Barrier(len(accounts) + 1, timeout=300)
        budget = threading.Semaphore(args.max_requests)
        officers = [
            Officer(
                user,
                DEFAULT_PASSWORD,
                mine,
                f"http://127.0.0.1:{args.port}",
                start,
                args.seconds,
                budget,
                results,
            )
            for user, mine in accounts.items()
        ]
        for officer in officers:
            officer.start()
        start.wait()
        load_started = time.monotonic()
        for officer in officers:
            officer.join(timeout=args.seconds + 120)
        elapsed = time.monotonic() - load_started
    finally:
        server.terminate()
        server.wait(timeout=30)
    problems = check(results)
    from django.db import connections

    connections.close_all()
    if not args.keep:
        bench.drop_database(args.server)

    saves = sum(results.counts.values())
    print(
        f"\n{len(accounts)} officers, {args.milestones} milestones, {links} leads "
        f"(each milestone shared by about {links / args.milestones:.1f} officers), {elapsed:.0f} s:"
    )
    for outcome in ("accepted", "conflict", "5xx"):
        print(f"  {outcome:9} {results.counts[outcome]:>6}")
    print(f"  {'saves':9} {saves:>6}  ({saves / elapsed:.1f} per second)")
    print(bench.server_errors())
    print(f"Whole run {time.monotonic() - started:.0f} s.")
    if problems:
        print("LOSS OR ERROR:\n  " + "\n  ".join(problems))
        sys.exit(1)
    print(
        "No loss: every accepted update is in the history once, every conflict left nothing, "
        "no 5xx."
    )


if __name__ == "__main__":
    main()
