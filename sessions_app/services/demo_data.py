"""Generate realistic demo sessions for trying the console.

People have a home city and a few devices, sign in mostly on working days during local
office hours, and only now and then from abroad or from a new device, so that a few
sessions stand out. Every session goes through the same enrichment as a real one.
"""

import random
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from sessions_app.demo import names, user_agents
from sessions_app.models import Session
from sessions_app.services.demo_addresses import (
    NoDemoAddressesError,
    sample_address_pool,
)
from sessions_app.services.enrichment import enrich_sessions
from sessions_app.services.geolocation import get_reader
from sessions_app.services.unusual import assign_unusual_reasons

DEMO_PERIOD_DAYS = 182
BATCH_SIZE = 500
# Fixed, so that the n-th demo user has the same name on every run.
PEOPLE_SEED = 7
# Shares of sessions: from abroad, from a device the user never used, by a script.
TRAVEL_RATE = 0.015
NEW_DEVICE_RATE = 0.01
SERVICE_ACCOUNT_RATE = 0.03
# Services that every demo person uses; each also uses some of the others.
EVERYDAY_SERVICES = ["Mail", "Calendar", "Chat"]

# Letters that Unicode decomposition does not reduce to ASCII.
ASCII_LETTERS = str.maketrans({"ø": "o", "ı": "i", "ł": "l", "æ": "ae", "ß": "ss"})


class DemoDataError(Exception):
    """Demo sessions cannot be generated with the current configuration."""


@dataclass
class DemoProfile:
    """The addresses, devices and services that one demo user signs in with."""

    user: object
    addresses: list
    devices: list
    services: list
    # Relative number of sessions, so that some people sign in far more than others.
    activity: float = 1.0
    is_service_account: bool = False


def ascii_username(first_name, last_name):
    """Return ``first.last`` in lowercase ASCII, such as ``soren.muller``."""
    text = f"{first_name}.{last_name}".lower().translate(ASCII_LETTERS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.replace("'", "")


def demo_people(count):
    """Return ``count`` distinct ``(username, first name, last name)`` triples."""
    pairs = [(first, last) for first in names.FIRST_NAMES for last in names.LAST_NAMES]
    random.Random(PEOPLE_SEED).shuffle(pairs)

    people = {}
    for first, last in pairs:
        people.setdefault(ascii_username(first, last), (first, last))
        if len(people) == count:
            break
    return [(username, first, last) for username, (first, last) in people.items()]


def max_demo_users():
    """Return how many distinct demo people the name lists give."""
    return len(demo_people(len(names.FIRST_NAMES) * len(names.LAST_NAMES)))


def ensure_user(username, first_name="", last_name=""):
    """Return the demo user with this username, creating it without a password."""
    user, _created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@example.com",
            "password": make_password(None),
        },
    )
    return user


def pick_user_agent(choices, rng):
    """Return one of ``choices``, common clients more often than rare ones."""
    return rng.choices(choices, weights=[choice.weight for choice in choices])[0]


def pick_devices(rng):
    """Return the devices of one person: a computer, mostly a phone, maybe more."""
    devices = [pick_user_agent(user_agents.DESKTOP_BROWSERS, rng)]
    if rng.random() < 0.85:
        devices.append(pick_user_agent(user_agents.PHONE_BROWSERS, rng))
    if rng.random() < 0.2:
        devices.append(pick_user_agent(user_agents.TABLET_BROWSERS, rng))
    devices += rng.sample(user_agents.APPS, k=rng.choice([0, 1, 1, 2]))
    return devices


def build_profile(user, pool, is_service_account=False):
    """Return a profile that is the same on every run for the same user and pool."""
    rng = random.Random(user.username)
    home_country = pool.pick_home_country(rng)
    addresses = pool.pick_city_addresses(home_country, rng, count=rng.randint(1, 3))
    other_services = [s for s in names.SERVICE_WEIGHTS if s not in EVERYDAY_SERVICES]

    if is_service_account:
        devices = rng.sample(user_agents.BOTS, k=2)
        services = rng.sample(list(names.SERVICE_WEIGHTS), k=2)
    else:
        devices = pick_devices(rng)
        services = EVERYDAY_SERVICES + rng.sample(other_services, k=rng.randint(1, 4))
    activity = rng.lognormvariate(0, 0.7)
    return DemoProfile(user, addresses, devices, services, activity, is_service_account)


def build_profiles(user_count, pool):
    """Create or reuse the demo people and service accounts; return their profiles."""
    people = [
        build_profile(ensure_user(username, first, last), pool)
        for username, first, last in demo_people(user_count)
    ]
    service_accounts = [
        build_profile(ensure_user(username), pool, is_service_account=True)
        for username in names.SERVICE_ACCOUNT_NAMES
    ]
    return people, service_accounts


def pick_profile(people, service_accounts, rng):
    """Return whose session comes next, active people more often."""
    if service_accounts and rng.random() < SERVICE_ACCOUNT_RATE:
        return rng.choice(service_accounts)
    return rng.choices(people, weights=[person.activity for person in people])[0]


def pick_device(profile, rng):
    """Return one of the profile's devices, now and then a device never seen before."""
    if not profile.is_service_account and rng.random() < NEW_DEVICE_RATE:
        return pick_user_agent(user_agents.PERSONAL_DEVICES, rng)
    return rng.choice(profile.devices)


def pick_service(profile, device, rng):
    """Return the service of a session: an app's own, else one the person uses."""
    if device.services:
        return rng.choice(device.services)
    weights = [names.SERVICE_WEIGHTS[service] for service in profile.services]
    return rng.choices(profile.services, weights=weights)[0]


def pick_address(profile, pool, rng):
    """Return a home address, or rarely an address abroad."""
    home = rng.choice(profile.addresses)
    if rng.random() < TRAVEL_RATE:
        return pool.pick_abroad(home.country_code, rng)
    return home


def pick_created_at(address, rng, now, around_the_clock=False):
    """Return a past time in the demo period, mostly in local office hours.

    Times fall on working days around midday, local time, unless ``around_the_clock``.
    """
    # The time zone is estimated from the longitude: 15 degrees per hour.
    utc_offset = round((address.longitude or 0) / 15)
    while True:
        day = now - timedelta(days=rng.randrange(DEMO_PERIOD_DAYS))
        day = day.replace(hour=0, minute=0, second=0, microsecond=0)
        if around_the_clock:
            local_hours = rng.uniform(0, 24)
        elif day.weekday() >= 5 and rng.random() < 0.8:
            continue
        else:
            local_hours = min(max(rng.gauss(13, 3), 0), 23.99)
        created_at = day + timedelta(hours=local_hours - utc_offset)
        if created_at <= now:
            return created_at


def pick_updated_at(created_at, rng, now):
    """Return the last activity: mostly within hours, sometimes days later."""
    mean_minutes = 60 * 24 * 3 if rng.random() < 0.1 else 90
    duration = timedelta(minutes=rng.expovariate(1 / mean_minutes))
    return min(created_at + duration, now)


def build_session(profile, pool, rng, now):
    """Return an unsaved, not yet enriched session of the profile's user."""
    device = pick_device(profile, rng)
    address = pick_address(profile, pool, rng)
    created_at = pick_created_at(
        address, rng, now, around_the_clock=profile.is_service_account
    )
    return Session(
        user=profile.user,
        service=pick_service(profile, device, rng),
        ip_address=address.address,
        user_agent=device.text,
        created_at=created_at,
        updated_at=pick_updated_at(created_at, rng, now),
    )


def create_demo_sessions(count, user_count, seed=None, on_progress=None):
    """Create ``count`` enriched demo sessions in one transaction; return how many.

    The sessions belong to ``user_count`` people and a few service accounts. Users are
    reused by username, so running this again adds sessions only.
    ``on_progress`` is called with the size of each batch once it is saved.
    """
    reader = get_reader()
    if reader is None:
        raise DemoDataError(
            "No usable geolocation database, so no real addresses can be found. "
            "Set CONSOLE_GEOIP_DATABASE to a GeoLite2 or GeoIP2 City database."
        )
    try:
        pool = sample_address_pool(reader)
    except NoDemoAddressesError as error:
        raise DemoDataError(str(error)) from error

    rng = random.Random(seed)
    now = timezone.now()
    created = 0
    with transaction.atomic():
        people, service_accounts = build_profiles(user_count, pool)
        sessions = [
            build_session(pick_profile(people, service_accounts, rng), pool, rng, now)
            for _ in range(count)
        ]

        # Unusual access is judged against each user's earlier sessions, so the
        # sessions are stored in time order.
        sessions.sort(key=lambda session: session.created_at)
        for start in range(0, count, BATCH_SIZE):
            batch = enrich_sessions(sessions[start : start + BATCH_SIZE])
            Session.objects.bulk_create(assign_unusual_reasons(batch))
            created += len(batch)
            if on_progress:
                on_progress(len(batch))
    return created
