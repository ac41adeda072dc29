"""Realistic benchmark sessions: who signs in, from where, with what, and when.

Addresses are real public addresses that the geolocation database locates; user agents
come from ``user_agents``. Each pool is enriched once, so that every generated session
carries the location and OS the console would have derived for it.
"""

import bisect
import ipaddress
import itertools
import random
from dataclasses import dataclass
from datetime import timedelta

import geoip2.errors

from sessions_app.models import ip_address_hex
from sessions_app.services.geolocation import (
    EMPTY_LOCATION,
    get_reader,
    is_public_address,
    location_from_response,
)
from sessions_app.services.user_agents import parse_user_agent

SERVICES = {
    "Mail": 26,
    "Calendar": 15,
    "Drive": 14,
    "Chat": 12,
    "Docs": 10,
    "Wiki": 8,
    "Tickets": 6,
    "VPN": 5,
    "Git": 3,
    "Payroll": 1,
}

# Networks that hold most located IPv6 addresses, with the share drawn from each.
IPV6_NETWORKS = {"2001::/16": 3, "2a00::/12": 4, "2400::/12": 2, "2600::/12": 2}

# GeoLite2 locates about one random IPv4 address in 1.2; far fewer means a test
# database with a handful of networks.
MAX_TRIES_PER_ADDRESS = 50

# Sign-ins from inside the office network: nothing to locate.
PRIVATE_NETWORK = ipaddress.ip_network("10.20.0.0/16")

HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 12, 12, 11, 10, 9, 10, 11, 10, 9, 7, 5, 4, 3, 2]
HOUR_WEIGHTS += [2, 1]
WEEKDAY_WEIGHTS = [10, 10, 10, 10, 9, 3, 2]


@dataclass(frozen=True)
class Origin:
    """An address with the location the console derives from it."""

    address: str | None
    address_hex: str
    location: object


@dataclass(frozen=True)
class Agent:
    """A user agent with the OS and browser the console derives from it."""

    user_agent: str
    info: object


def random_ipv6(rng):
    """Return a random address in one of ``IPV6_NETWORKS``."""
    (network,) = rng.choices(list(IPV6_NETWORKS), weights=IPV6_NETWORKS.values())
    network = ipaddress.ip_network(network)
    offset = rng.getrandbits(128 - network.prefixlen)
    return str(network.network_address + offset)


def locate(reader, address):
    """Return the location of an address, or None when the database lacks a country."""
    try:
        location = location_from_response(reader.city(address))
    except geoip2.errors.AddressNotFoundError:
        return None
    return location if location.country_code else None


def build_address_pool(size, seed=0, ipv6_share=0.1):
    """Return ``size`` distinct public addresses with a located country.

    IPv4 addresses are drawn uniformly, so countries appear about as often as their
    share of the address space; IPv6 ones from the networks where most are assigned.
    """
    reader = get_reader()
    if reader is None:
        raise RuntimeError("The benchmark needs a geolocation database.")

    rng = random.Random(seed)
    origins = {}
    for _ in range(size * MAX_TRIES_PER_ADDRESS):
        if len(origins) == size:
            return list(origins.values())
        if rng.random() < ipv6_share:
            address = random_ipv6(rng)
        else:
            address = str(ipaddress.IPv4Address(rng.getrandbits(32)))
        if address in origins or not is_public_address(address):
            continue
        location = locate(reader, address)
        if location is not None:
            origins[address] = Origin(address, ip_address_hex(address), location)
    raise RuntimeError(
        f"The geolocation database located only {len(origins)} of {size} addresses; "
        "the benchmark needs a full City database such as GeoLite2."
    )


def build_private_origins(size, seed=0):
    """Return origins inside the office network, which have no location."""
    rng = random.Random(seed)
    hosts = rng.sample(range(1, PRIVATE_NETWORK.num_addresses - 1), size)
    addresses = [str(PRIVATE_NETWORK.network_address + host) for host in hosts]
    return [Origin(a, ip_address_hex(a), EMPTY_LOCATION) for a in addresses]


def build_agents(user_agents):
    """Return each user agent with its parsed OS and browser."""
    return [
        Agent(user_agent, parse_user_agent(user_agent)) for user_agent in user_agents
    ]


def zipf_weights(count, exponent=1.1):
    """Return cumulative weights under which rank 1 is far more likely than rank n."""
    return list(
        itertools.accumulate(1 / rank**exponent for rank in range(1, count + 1))
    )


@dataclass
class Profile:
    """The usual addresses and user agents of one user."""

    user_id: int
    origins: list
    agents: list


class SessionSampler:
    """Draw sessions as an organisation's sign-in log would show them.

    Users differ a lot in activity; each one signs in mostly from one or two home
    addresses with one to three devices, sometimes from elsewhere.
    """

    TRAVEL_SHARE = 0.12
    OFFICE_SHARE = 0.03

    def __init__(self, user_ids, origins, agents, private_origins, seed=0):
        self.rng = random.Random(seed)
        self.origins = origins
        self.private_origins = private_origins
        self.agents = agents
        self.origin_weights = zipf_weights(len(origins), exponent=0.6)
        self.agent_weights = zipf_weights(len(agents))
        self.profiles = [self.build_profile(user_id) for user_id in user_ids]
        self.profile_weights = list(
            itertools.accumulate(self.rng.lognormvariate(0, 1) for _ in user_ids)
        )

    def build_profile(self, user_id):
        origins = self.rng.choices(
            self.origins, cum_weights=self.origin_weights, k=self.rng.randint(1, 2)
        )
        agents = self.rng.choices(
            self.agents, cum_weights=self.agent_weights, k=self.rng.randint(1, 3)
        )
        return Profile(user_id, origins, agents)

    def draw(self):
        """Return the profile, origin and agent of one more session."""
        rng = self.rng
        (profile,) = rng.choices(self.profiles, cum_weights=self.profile_weights)
        roll = rng.random()
        if roll < self.OFFICE_SHARE:
            origin = rng.choice(self.private_origins)
        elif roll < self.OFFICE_SHARE + self.TRAVEL_SHARE:
            (origin,) = rng.choices(self.origins, cum_weights=self.origin_weights)
        else:
            origin = rng.choice(profile.origins)
        return profile, origin, rng.choice(profile.agents)

    def draw_service(self):
        (service,) = self.rng.choices(list(SERVICES), weights=SERVICES.values())
        return service


def draw_creation_times(count, end, rng, days=365):
    """Return ``count`` sorted times in the ``days`` before ``end``, in office hours
    mostly and on weekdays more than at weekends."""
    start = (end - timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    hours = [start + timedelta(hours=offset) for offset in range(days * 24)]
    weights = [
        HOUR_WEIGHTS[hour.hour] * WEEKDAY_WEIGHTS[hour.weekday()] for hour in hours
    ]
    cumulative = list(itertools.accumulate(weights))

    times = []
    for _ in range(count):
        index = bisect.bisect(cumulative, rng.random() * cumulative[-1])
        times.append(hours[index] + timedelta(seconds=rng.random() * 3600))
    times.sort()
    return [min(moment, end) for moment in times]
