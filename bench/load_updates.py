"""Load without loss: 50 officers post status updates for 60 s, many to milestones they share.

Serves the app with gunicorn (2 workers) on loopback over a fresh PostgreSQL database
(--database, default improvement_load; dropped afterwards, whatever happens, unless --keep).
Each officer signs in through the log-in page, then, until time is up, opens the update form
of one of their milestones and saves it with a comment that names the attempt. A save that
lost the race is answered 409 (a conflict) and must have left nothing behind. Afterwards every
accepted update must be in the history exactly once, every refused one not at all, and no
response may be a 5xx. Prints the counts; exits 1 on any loss, duplicate or server error, or
when an officer could not sign in (each sign-in is tried a few times with a long timeout, as a
loaded machine hashes passwords slowly; one that still fails stops the run at once, saying
why). Needs only the standard library.
"""

import argparse
import http.cookiejar
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from datetime import date
from pathlib import Path

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
    parser.add_argument("--database", default="improvement_load", help="Made and dropped.")
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


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer to look at, not to follow


class Browser:
    """One officer's HTTP: cookies kept, redirects not followed; returns (status, text)."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def get(self, path: str, timeout: float) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path), timeout)

    def post(self, path: str, data: dict, timeout: float) -> tuple[int, str]:
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": self.base + path},
        )
        return self._open(request, timeout)

    def _open(self, request, timeout) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as answer:  # 3xx (not followed), 4xx, 5xx
            return answer.code, answer.read().decode(errors="replace")


class Officer(threading.Thread):
    SIGN_IN_ATTEMPTS = 4
    SIGN_IN_TIMEOUT = 120  # seconds; a loaded machine hashes 50 passwords slowly
    RETRY_AFTER = 5

    def __init__(self, username, password, milestones, base, start, seconds, budget, results):
        super().__init__(daemon=True)
        self.username, self.password, self.milestones = username, password, milestones
        self.start_line, self.seconds = start, seconds
        self.budget, self.results = budget, results
        self.browser = Browser(base)

    def sign_in(self):
        """Sign in, trying again after a timeout or a refused connection; raises SignInFailed
        saying why after the last attempt."""
        problem = ""
        for attempt in range(1, self.SIGN_IN_ATTEMPTS + 1):
            try:
                _, page = self.browser.get("/accounts/login/", self.SIGN_IN_TIMEOUT)
                status, _ = self.browser.post(
                    "/accounts/login/",
                    {
                        "csrfmiddlewaretoken": CSRF.search(page)[1],
                        "username": self.username,
                        "password": self.password,
                    },
                    self.SIGN_IN_TIMEOUT,
                )
                if status == 302:
                    return
                problem = f"the log-in page answered {status}"
            except (OSError, TypeError) as error:  # timeouts, refusals; no token on the page
                problem = f"{type(error).__name__}: {error}"
            if attempt < self.SIGN_IN_ATTEMPTS:
                time.sleep(self.RETRY_AFTER)
        raise SignInFailed(
            f"{self.username} could not sign in after {self.SIGN_IN_ATTEMPTS} tries ({problem})"
        )

    def run(self):
        try:
            # Signing in hashes a password (slow on purpose): all sign in, then start together.
            self.sign_in()
            self.start_line.wait()
            deadline = time.monotonic() + self.seconds
            n = 0
            while time.monotonic() < deadline and self.budget.acquire(blocking=False):
                slug, pk = self.milestones[n % len(self.milestones)]
                n += 1
                self.save(f"/plans/{slug}/milestones/{pk}/update/", n)
        except threading.BrokenBarrierError:
            pass  # another officer failed to sign in: the run is called off
        except Exception as error:
            # Never die silently: the run stops and the report says who and why.
            self.results.fail(f"{self.username}: {error}")
            self.start_line.abort()

    def save(self, path, n):
        status, form = self.browser.get(path, 60)
        if status >= 500:
            self.results.record("5xx", None)
            return
        comment = f"load {self.username} #{n}"
        status, _ = self.browser.post(
            path,
            {
                "csrfmiddlewaretoken": CSRF.search(form)[1],
                "status": STATUSES[n % len(STATUSES)],
                "as_at": f"{date.today():%Y-%m-%d}",
                "comment": comment,
                "evidence": "",
                "version": VERSION.search(form)[1],
            },
            60,
        )
        outcome = {302: "accepted", 409: "conflict"}.get(status)
        if outcome is None:
            outcome = "5xx" if status >= 500 else f"HTTP {status}"
        self.results.record(outcome, comment)


class SignInFailed(Exception):
    pass


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = Counter()
        self.comments = {"accepted": [], "conflict": []}
        self.failures = []

    def fail(self, why: str):
        with self.lock:
            self.failures.append(why)

    def record(self, outcome, comment):
        with self.lock:
            self.counts[outcome] += 1
            if outcome in self.comments:
                self.comments[outcome].append(comment)


def check(results, attempts: int = 5) -> list[str]:
    """What the history says of each attempt. The database may have restarted during the run
    (its old connection is then dead): connect afresh and try again."""
    from django.db import Error, connections

    for _ in range(attempts - 1):
        try:
            return _check(results)
        except Error:
            connections.close_all()
            time.sleep(2)
    return _check(results)


def _check(results) -> list[str]:
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
    bench.DB_NAME = args.database
    started = time.monotonic()
    env = bench.run_env(args.server)
    bench.make_database(args.server, keep=False)
    try:
        outcome = run(args, env)
    finally:
        # Whatever happened, the database does not outlive the run.
        from django.db import connections

        connections.close_all()
        if not args.keep:
            bench.drop_database(args.server)
    results, problems, elapsed, accounts, links = outcome
    saves = sum(results.counts.values())
    print(
        f"\n{len(accounts)} officers, {args.milestones} milestones, {links} leads "
        f"(each milestone shared by about {links / args.milestones:.1f} officers), {elapsed:.0f} s:"
    )
    for name in ("accepted", "conflict", "5xx"):
        print(f"  {name:9} {results.counts[name]:>6}")
    print(f"  {'saves':9} {saves:>6}  ({saves / max(elapsed, 1e-9):.1f} per second)")
    print(bench.server_errors())
    print(f"Whole run {time.monotonic() - started:.0f} s.")
    if problems:
        print("LOSS OR ERROR:\n  " + "\n  ".join(problems))
        sys.exit(1)
    print(
        "No loss: every accepted update is in the history once, every conflict left nothing, "
        "no 5xx."
    )


def run(args, env):
    """Seed, serve, load and check; returns (results, problems, seconds, accounts, links)."""
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
    elapsed = 0.0
    try:
        # Generous, as sign-ins are retried; a failed one breaks the barrier at once anyway.
        start = threading.Barrier(len(accounts) + 1, timeout=Officer.SIGN_IN_ATTEMPTS * 150)
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
        try:
            start.wait()
        except threading.BrokenBarrierError:
            results.fail("the officers did not all sign in; the load was not run")
        load_started = time.monotonic()
        for officer in officers:
            officer.join(timeout=args.seconds + 180)
        elapsed = time.monotonic() - load_started
        stuck = [o.username for o in officers if o.is_alive()]
        if stuck:
            results.fail(f"{len(stuck)} officers still waiting on the server, e.g. {stuck[:3]}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    problems = results.failures + check(results)
    return results, problems, elapsed, accounts, links


if __name__ == "__main__":
    main()
