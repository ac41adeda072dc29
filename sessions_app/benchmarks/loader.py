"""Load benchmark sessions into PostgreSQL with COPY, enriched in advance."""

import logging
import random
import time
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from sessions_app.models import Session, generate_session_id

from .dataset import (
    SessionSampler,
    build_address_pool,
    build_agents,
    build_private_origins,
    draw_creation_times,
)
from .unusual import GeneratedSession, UnusualJudge
from .user_agents import build_user_agent_pool

logger = logging.getLogger(__name__)

USERNAME_PREFIX = "bench-user-"
COPY_COLUMNS = (
    "session_id",
    "user_id",
    "service",
    "user_agent",
    "ua_platform",
    "ua_platform_version",
    "os_family",
    "os_version",
    "browser_family",
    "ip_address",
    "ip_address_hex",
    "continent_code",
    "continent",
    "country_code",
    "country",
    "city",
    "latitude",
    "longitude",
    "accuracy_radius",
    "created_at",
    "updated_at",
    "ended_at",
    "is_unusual",
    "unusual_reasons",
)
CHUNK_ROWS = 20_000
NULL = "\\N"


@dataclass(frozen=True)
class DatasetShape:
    """The size and seed of a benchmark dataset; the same shape gives the same data."""

    sessions: int
    users: int = 3000
    addresses: int = 20_000
    private_addresses: int = 500
    user_agents: int = 600
    seed: int = 6


@dataclass(frozen=True)
class LoadReport:
    """The outcome of a load: rows, seconds, and whether the table was reused."""

    rows: int
    seconds: float
    reused: bool

    @property
    def rows_per_second(self):
        return self.rows / self.seconds if self.seconds else None


def escape_copy_text(value):
    """Return a value in COPY's text format: ``\\N`` for None, special bytes escaped."""
    if value is None:
        return NULL
    text = str(value)
    if any(character in text for character in "\\\t\n\r"):
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def origin_columns(origin):
    """Return the address and location columns of an origin, ready for COPY."""
    location = origin.location
    values = [
        origin.address,
        origin.address_hex,
        location.continent_code,
        location.continent,
        location.country_code,
        location.country,
        location.city,
        location.latitude,
        location.longitude,
        location.accuracy_radius,
    ]
    return "\t".join(escape_copy_text(value) for value in values)


def agent_columns(agent):
    """Return the user agent, client hint, OS and browser columns of an agent, ready
    for COPY. Generated sessions carry no client hints."""
    values = [
        agent.user_agent,
        "",
        "",
        agent.info.os_family,
        agent.info.os_version,
        agent.info.browser_family,
    ]
    return "\t".join(escape_copy_text(value) for value in values)


def ensure_users(shape):
    """Create the benchmark users that are missing and return all their ids."""
    User = get_user_model()
    names = [f"{USERNAME_PREFIX}{number:05d}" for number in range(1, shape.users + 1)]
    existing = set(
        User.objects.filter(username__in=names).values_list("username", flat=True)
    )
    missing = [name for name in names if name not in existing]
    users = [User(username=name, email=f"{name}@example.com") for name in missing]
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_create(users, batch_size=1000)
    return list(
        User.objects.filter(username__in=names)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def build_sampler(shape, user_ids):
    """Build the address and user agent pools, enrich them and return a sampler."""
    origins = build_address_pool(shape.addresses, seed=shape.seed)
    private = build_private_origins(shape.private_addresses, seed=shape.seed)
    agents = build_agents(build_user_agent_pool(shape.user_agents, seed=shape.seed))
    return SessionSampler(user_ids, origins, agents, private, seed=shape.seed)


def session_times(created_at, now, rng):
    """Return the last activity and end of a session created at ``created_at``."""
    duration = timedelta(minutes=rng.lognormvariate(3, 1.2))
    updated_at = min(created_at + duration, now)
    still_open = now - created_at < timedelta(days=1) or rng.random() < 0.08
    return updated_at, None if still_open else updated_at


def unusual_columns(judge, profile, created_at, origin, agent):
    """Return the unusual flag and reasons of a session, ready for COPY."""
    session = GeneratedSession.from_draw(created_at, origin, agent)
    reasons = judge.judge(profile.user_id, session)
    return f"{'t' if reasons else 'f'}\t{reasons}"


def generate_lines(shape, sampler, now):
    """Yield COPY text lines of ``shape.sessions`` sessions in creation order.

    Each session carries the unusual-access reasons that the console would have
    stored for it, judged against its user's earlier sessions.
    """
    rng = random.Random(shape.seed)
    judge = UnusualJudge()
    origin_cache, agent_cache = {}, {}
    for created_at in draw_creation_times(shape.sessions, now, rng):
        profile, origin, agent = sampler.draw()
        if origin not in origin_cache:
            origin_cache[origin] = origin_columns(origin)
        if agent not in agent_cache:
            agent_cache[agent] = agent_columns(agent)
        updated_at, ended_at = session_times(created_at, now, rng)
        unusual = unusual_columns(judge, profile, created_at, origin, agent)
        yield (
            "\t".join(
                [
                    generate_session_id(),
                    str(profile.user_id),
                    sampler.draw_service(),
                    agent_cache[agent],
                    origin_cache[origin],
                    created_at.isoformat(),
                    updated_at.isoformat(),
                    ended_at.isoformat() if ended_at else NULL,
                    unusual,
                ]
            )
            + "\n"
        )


def copy_sessions(lines, total, progress=True):
    """Replace every session by ``lines`` with one COPY, in a single transaction."""
    table = Session._meta.db_table
    columns = ", ".join(COPY_COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        # CASCADE empties the tables that refer to sessions (Django session links,
        # idempotency keys), whose rows would point at deleted sessions otherwise.
        cursor.execute(f"TRUNCATE {table} CASCADE")
        # FREEZE writes the rows as already visible to all, so neither the first
        # reads nor VACUUM have to rewrite each page to set hint bits.
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN FREEZE") as copy:
            chunk = []
            for line in tqdm(lines, total=total, unit="row", disable=not progress):
                chunk.append(line)
                if len(chunk) == CHUNK_ROWS:
                    copy.write("".join(chunk))
                    chunk.clear()
            copy.write("".join(chunk))


def analyze_sessions():
    """Update planner statistics and visibility maps of the sessions and users."""
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {Session._meta.db_table}")
        cursor.execute(f"VACUUM (ANALYZE) {get_user_model()._meta.db_table}")


def load_sessions(shape, reload=False, progress=True):
    """Load ``shape.sessions`` sessions unless the table already has that many."""
    if not reload and Session.objects.count() == shape.sessions:
        logger.info("Reusing the %d sessions already loaded", shape.sessions)
        # Indexes that migrations added since the load have no statistics yet.
        analyze_sessions()
        return LoadReport(shape.sessions, 0.0, reused=True)

    started = time.perf_counter()
    user_ids = ensure_users(shape)
    sampler = build_sampler(shape, user_ids)
    now = timezone.now()
    copy_sessions(generate_lines(shape, sampler, now), shape.sessions, progress)
    analyze_sessions()
    return LoadReport(shape.sessions, time.perf_counter() - started, reused=False)
