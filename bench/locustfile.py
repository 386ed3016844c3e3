"""One page, as fast as each simulated user can ask (no think time), signed in with the session
cookie serve_and_load.py made. The users stop after BENCH_MAX_REQUESTS requests in all, before
--run-time if the page is fast, so a run is bounded in requests as well as in time. (They stop;
the runner is not quit early, which could leave the CSV statistics unwritten.)"""

import os
import random
from datetime import date, timedelta

from locust import HttpUser, constant, task
from locust.exception import StopUser

PATH = os.environ["BENCH_PATH"]
COOKIE = os.environ["BENCH_SESSION_COOKIE"]
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "2000"))
# A first view: each request as at another day of the last three years, so no figure of it
# is cached yet (the plan's figures are cached per as-at date).
VARY_AS_AT = bool(os.environ.get("BENCH_VARY_AS_AT"))
_sent = 0


class Reader(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.client.cookies.set("sessionid", COOKIE)

    @task
    def read(self):
        global _sent
        if _sent >= MAX_REQUESTS:
            raise StopUser()
        _sent += 1
        path = PATH
        if VARY_AS_AT:
            day = date.today() - timedelta(days=random.randrange(3 * 365))
            path = f"{PATH}{'&' if '?' in PATH else '?'}as_at={day.isoformat()}"
        with self.client.get(
            path, allow_redirects=False, catch_response=True, name=PATH
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
