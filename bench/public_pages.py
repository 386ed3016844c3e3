"""Throughput of the public pages (served from the cache) as a ratio of /healthz's.

    .venv/bin/python bench/public_pages.py [--seconds 5] [--database-url URL]

Needs the built stylesheet (`make static`). Loads the demo into a fresh SQLite file (or the
database given, which must be empty), then asks each URL as fast as one in-process client can
for the given time, through the whole Django stack (middleware, cache, rate limit) but without
a network or a web server, and prints requests per second. Prints figures; asserts nothing.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URLS = (
    "/healthz",
    "/public/jar-2006/",
    "/public/jar-2006/summary.json",
    "/public/jar-2006/plan.csv",
    "/public/jar-2006/indicators.csv",
)


def rate(client, url: str, seconds: float) -> tuple[float, int]:
    assert client.get(url).status_code == 200, url  # and warms the cache
    count, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        client.get(url)
        count += 1
    return count / elapsed, count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-public-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop")
    os.environ["DJANGO_SETTINGS_MODULE"] = "improvement.settings"
    # Measuring throughput, not the limit: one client asks far faster than any visitor.
    os.environ["PUBLIC_RATE_LIMIT"] = "100000000/m"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    # As in production (DEBUG off): the pages name the collected, hashed static files.
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    healthz, _ = rate(client, URLS[0], args.seconds)
    print(f"One in-process client, {args.seconds:g} s per URL ({os.environ['DATABASE_URL']}):")
    print(f"  {URLS[0]:<36} {healthz:8.0f} req/s")
    for url in URLS[1:]:
        per_second, _ = rate(client, url, args.seconds)
        print(f"  {url:<36} {per_second:8.0f} req/s  {per_second / healthz:5.2f} x /healthz")


if __name__ == "__main__":
    main()
