"""Bulk enrichment against the raw geoip2 and ua-parser calls on the same inputs."""

import geoip2.errors
import ua_parser

from sessions_app.benchmarks.dataset import build_agents
from sessions_app.benchmarks.loader import build_sampler
from sessions_app.benchmarks.registry import measurement
from sessions_app.benchmarks.results import Result, time_call
from sessions_app.benchmarks.user_agents import build_user_agent_pool
from sessions_app.models import Session
from sessions_app.services.enrichment import enrich_sessions
from sessions_app.services.geolocation import get_reader

SAMPLE_SESSIONS = 100_000
TARGET_PER_SECOND = 30_000


def sample_inputs(shape):
    """Return (address, user agent) pairs repeated as in the loaded sessions."""
    sampler = build_sampler(shape, user_ids=range(1, shape.users + 1))
    pairs = []
    for _ in range(SAMPLE_SESSIONS):
        _profile, origin, agent = sampler.draw()
        pairs.append((origin.address, agent.user_agent))
    return pairs


def distinct_inputs(shape):
    """Return pairs in which no address and no user agent repeats."""
    sampler = build_sampler(shape, user_ids=[1])
    user_agents = build_user_agent_pool(len(sampler.origins), seed=shape.seed + 1)
    agents = build_agents(user_agents)
    return [
        (origin.address, agent.user_agent)
        for origin, agent in zip(sampler.origins, agents, strict=True)
    ]


def enrich_with_console(pairs):
    """Return a function that enriches fresh unsaved sessions built from ``pairs``."""
    batches = []

    def prepare():
        batches.append(
            [Session(user_id=1, ip_address=a, user_agent=u) for a, u in pairs]
        )

    def run():
        enrich_sessions(batches.pop())

    return prepare, run


def enrich_with_libraries(pairs):
    """Return a function that makes the raw lookup and parse calls for ``pairs``."""
    reader = get_reader()

    def run():
        for address, user_agent in pairs:
            try:
                reader.city(address)
            except geoip2.errors.AddressNotFoundError:
                pass
            ua_parser.parse(user_agent)

    return run


def measure_rate(name, pairs, repeat):
    """Return the sessions per second of both ways of enriching ``pairs``."""
    prepare, run = enrich_with_console(pairs)
    for _ in range(repeat + 1):
        prepare()
    console = time_call(run, repeat=repeat)
    raw = time_call(enrich_with_libraries(pairs), repeat=repeat)

    rate = len(pairs) / console.median
    return Result(
        "enrichment",
        name,
        rate,
        "sessions/s",
        baseline=len(pairs) / raw.median,
        baseline_name="raw geoip2 + ua-parser",
        target=f">= {TARGET_PER_SECOND:,}/s",
        met=rate >= TARGET_PER_SECOND,
        note=f"{len(pairs):,} sessions, {len(set(pairs)):,} distinct inputs",
    )


@measurement("enrichment", group="enrichment")
def measure_enrichment(context):
    """Measure bulk enrichment with real-world repetition and with none."""
    repeat = min(context.repeat, 3)
    return [
        measure_rate("bulk, repeated inputs", sample_inputs(context.shape), repeat),
        measure_rate("bulk, all distinct", distinct_inputs(context.shape), repeat),
    ]
