"""One page, as fast as each simulated user can ask (no think time), signed in with the session
cookie serve_and_load.py made. The users stop after BENCH_MAX_REQUESTS requests in all, before
--run-time if the page is fast, so a run is bounded in requests as well as in time. (They stop;
the runner is not quit early, which could leave the CSV statistics unwritten.)"""

import os

from locust import HttpUser, constant, task
from locust.exception import StopUser

PATH = os.environ["BENCH_PATH"]
COOKIE = os.environ["BENCH_SESSION_COOKIE"]
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "2000"))
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
        with self.client.get(PATH, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
