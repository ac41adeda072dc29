"""Ingest API sessions per second through gunicorn on the loopback interface."""

import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from sessions_app.benchmarks.dataset import SessionSampler
from sessions_app.benchmarks.loader import build_sampler
from sessions_app.benchmarks.registry import measurement
from sessions_app.benchmarks.results import Result, not_measured
from sessions_app.benchmarks.server import GunicornServer, ServerError
from sessions_app.models import Session

INGEST_URL = "/api/sessions/"
TARGET_PER_SECOND = 1000
# The load stops at whichever limit comes first.
MAX_REQUESTS = 20_000
MAX_SECONDS = 20
CLIENT_THREADS = 4
# Every session the measurement creates carries this service, so it can be removed.
INGEST_SERVICE = "Benchmark ingest"


def build_payloads(sampler: SessionSampler, count, usernames):
    """Return request bodies of ``count`` sessions drawn like the loaded ones.

    NOTE: the body uses the Session model's field names and the username; a change in
    the API's own format is made here.
    """
    bodies = []
    for number in range(count):
        _profile, origin, agent = sampler.draw()
        body = {
            "user": usernames[number % len(usernames)],
            "service": INGEST_SERVICE,
            "ip_address": origin.address,
            "user_agent": agent.user_agent,
        }
        bodies.append(json.dumps(body).encode())
    return bodies


class LoadRun:
    """Send bodies from several threads until all are sent or the time is up."""

    def __init__(self, server, token, bodies):
        self.server = server
        self.headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
        }
        self.bodies = iter(bodies)
        self.lock = threading.Lock()
        self.statuses = {}
        self.deadline = time.monotonic() + MAX_SECONDS

    def next_body(self):
        with self.lock:
            if time.monotonic() > self.deadline:
                return None
            return next(self.bodies, None)

    def send_all(self):
        while (body := self.next_body()) is not None:
            status, _ = self.server.request("POST", INGEST_URL, body, self.headers)
            with self.lock:
                self.statuses[status] = self.statuses.get(status, 0) + 1

    def run(self):
        """Return the number of 2xx responses and the seconds the run took."""
        started = time.monotonic()
        with ThreadPoolExecutor(CLIENT_THREADS) as pool:
            for future in [pool.submit(self.send_all) for _ in range(CLIENT_THREADS)]:
                future.result()
        created = sum(n for status, n in self.statuses.items() if 200 <= status < 300)
        return created, time.monotonic() - started


@measurement("ingest", group="ingest API", requires=[INGEST_URL])
def measure_ingest(context):
    """POST sessions to the ingest API through gunicorn, bounded in count and time."""
    token = context.options.get("api_token") or os.environ.get("BENCH_API_TOKEN")
    if not token:
        return [not_measured("ingest API", "ingest", "no API token (--api-token)")]

    shape = context.shape
    usernames = [f"bench-user-{number:05d}" for number in range(1, shape.users + 1)]
    bodies = build_payloads(build_sampler(shape, [0]), MAX_REQUESTS, usernames)
    try:
        with GunicornServer(workers=os.cpu_count() or 2) as server:
            run = LoadRun(server, token, bodies)
            created, seconds = run.run()
    except ServerError as error:
        return [not_measured("ingest API", "ingest", str(error))]
    finally:
        # Keep the table at the loaded size, so the next run can reuse it.
        Session.objects.filter(service=INGEST_SERVICE).delete()

    rate = created / seconds
    return [
        Result(
            "ingest API",
            "single sessions, 4 client threads",
            rate,
            "sessions/s",
            target=f">= {TARGET_PER_SECOND:,}/s",
            met=rate >= TARGET_PER_SECOND and created == sum(run.statuses.values()),
            note=f"responses by status: {run.statuses}",
        )
    ]
