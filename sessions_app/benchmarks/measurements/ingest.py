"""Ingest API sessions per second through gunicorn on the loopback interface."""

import http.client
import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from sessions_app.benchmarks.loader import USERNAME_PREFIX, build_sampler
from sessions_app.benchmarks.registry import measurement
from sessions_app.benchmarks.results import Result, not_measured
from sessions_app.benchmarks.server import GunicornServer, ServerError, send
from sessions_app.models import ServiceToken, Session
from sessions_app.services.service_tokens import generate_token, issue_service_token

GROUP = "ingest API"
TARGET_PER_SECOND = 1000
# Each load stops at whichever limit comes first.
MAX_REQUESTS = 20_000
MAX_SECONDS = 15
# One worker process per core of the 2-core benchmark machine, because the GIL keeps
# each worker's Python work on one core. A second thread per worker runs while the
# first waits for PostgreSQL. More workers or threads measured no faster there.
SERVER_WORKERS = 2
SERVER_THREADS = 2
CLIENT_THREADS = 8
# Every session the measurement records carries this service, so it can be removed.
INGEST_SERVICE = "Benchmark ingest"
# Windows hides its version from the user agent; browsers send it as client hints.
WINDOWS_HINTS = {
    "sec_ch_ua_platform": '"Windows"',
    "sec_ch_ua_platform_version": '"15.0.0"',
}
SERVER_ENVIRONMENT = {
    # The load sends far more than the default 1,200 requests a minute per token.
    "CONSOLE_API_RATE_LIMIT": "10000000/minute",
    # Unusual sessions still build their email; no mail server receives it.
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
}


def load_usernames():
    """Return the username of each benchmark user by id."""
    users = get_user_model().objects.filter(username__startswith=USERNAME_PREFIX)
    return dict(users.values_list("pk", "username"))


def build_bodies(shape, count):
    """Return ``count`` create request bodies of sessions drawn like the loaded ones:
    each user signs in mostly from their own addresses and devices."""
    usernames = load_usernames()
    sampler = build_sampler(shape, sorted(usernames))
    bodies = []
    for _ in range(count):
        profile, origin, agent = sampler.draw()
        body = {
            "user": usernames[profile.user_id],
            "ip_address": origin.address,
            "user_agent": agent.user_agent,
        }
        if agent.info.os_family == "Windows":
            body.update(WINDOWS_HINTS)
        bodies.append(json.dumps(body).encode())
    return bodies


class LoadRun:
    """Send bodies from several threads, each on its own kept-alive connection,
    until all are sent or the time is up."""

    def __init__(self, server, token, bodies, *, idempotency_keys=False):
        self.server = server
        self.token = token
        self.bodies = iter(bodies)
        self.idempotency_keys = idempotency_keys
        self.lock = threading.Lock()
        self.statuses = {}
        self.deadline = time.monotonic() + MAX_SECONDS
        self.seconds = None

    def next_body(self):
        with self.lock:
            if time.monotonic() > self.deadline:
                return None
            return next(self.bodies, None)

    def headers(self):
        headers = {
            "Authorization": f"Bearer {self.token}",
            "Content-Type": "application/json",
        }
        if self.idempotency_keys:
            headers["Idempotency-Key"] = str(uuid.uuid4())
        return headers

    def count(self, status):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def send_all(self):
        path = reverse("api:session-list")
        connection = self.server.connect()
        try:
            while (body := self.next_body()) is not None:
                try:
                    status, _ = send(connection, "POST", path, body, self.headers())
                except (http.client.HTTPException, OSError):
                    connection.close()
                    status = "connection error"
                self.count(status)
        finally:
            connection.close()

    def run(self):
        """Return the number of 2xx responses and the seconds the run took."""
        started = time.monotonic()
        with ThreadPoolExecutor(CLIENT_THREADS) as pool:
            for future in [pool.submit(self.send_all) for _ in range(CLIENT_THREADS)]:
                future.result()
        self.seconds = time.monotonic() - started
        created = sum(
            number
            for status, number in self.statuses.items()
            if isinstance(status, int) and 200 <= status < 300
        )
        return created, self.seconds


def measure_load(server, token, bodies, *, name, idempotency_keys):
    """Run one load and return its row."""
    run = LoadRun(server, token, bodies, idempotency_keys=idempotency_keys)
    created, seconds = run.run()
    stored = Session.objects.filter(service=INGEST_SERVICE).count()
    Session.objects.filter(service=INGEST_SERVICE).delete()

    rate = created / seconds
    return Result(
        GROUP,
        name,
        rate,
        "sessions/s",
        target=f">= {TARGET_PER_SECOND:,}/s",
        met=rate >= TARGET_PER_SECOND and created == sum(run.statuses.values()),
        note=(
            f"{created:,} recorded in {seconds:.1f} s, {stored:,} stored; "
            f"responses by status: {run.statuses}"
        ),
    )


def measure_rejections(server, bodies):
    """Return the row of a load whose token is unknown: every request is answered
    with 401 after the token lookup, the least that any API request costs."""
    run = LoadRun(server, generate_token(), bodies, idempotency_keys=False)
    run.run()
    rejected, seconds = run.statuses.get(401, 0), run.seconds
    return Result(
        GROUP,
        "requests rejected for an unknown token (for comparison)",
        rejected / seconds,
        "requests/s",
        note=f"responses by status: {run.statuses}",
    )


@measurement("ingest", group=GROUP)
def measure_ingest(context):
    """POST sessions to the ingest API through gunicorn, bounded in count and time,
    without and with an idempotency key, then with a token that does not exist."""
    bodies = build_bodies(context.shape, MAX_REQUESTS)
    token, plain_token = issue_service_token(
        name="Benchmark ingest", service=INGEST_SERVICE
    )
    server = GunicornServer(
        workers=SERVER_WORKERS,
        threads=SERVER_THREADS,
        environment=SERVER_ENVIRONMENT,
        log_path=Path(settings.BASE_DIR) / "build" / "bench-gunicorn.log",
    )
    configuration = (
        f"{SERVER_WORKERS} workers x {SERVER_THREADS} threads, "
        f"{CLIENT_THREADS} client connections"
    )
    try:
        with server:
            return [
                measure_load(
                    server,
                    plain_token,
                    bodies,
                    name=f"single sessions, {configuration}",
                    idempotency_keys=False,
                ),
                measure_load(
                    server,
                    plain_token,
                    bodies,
                    name="single sessions with Idempotency-Key",
                    idempotency_keys=True,
                ),
                measure_rejections(server, bodies),
            ]
    except ServerError as error:
        return [not_measured(GROUP, "single sessions", str(error))]
    finally:
        # Keep the table at the loaded size, so the next run can reuse it.
        Session.objects.filter(service=INGEST_SERVICE).delete()
        ServiceToken.objects.filter(pk=token.pk).delete()
