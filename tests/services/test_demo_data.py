import random
from datetime import UTC, datetime, timedelta

import pytest

from sessions_app.demo import user_agents
from sessions_app.services.demo_addresses import (
    DemoAddress,
    NoDemoAddressesError,
    sample_address_pool,
)
from sessions_app.services.demo_data import (
    DEMO_PERIOD_DAYS,
    EVERYDAY_SERVICES,
    ascii_username,
    build_profile,
    demo_people,
    max_demo_users,
    pick_created_at,
    pick_updated_at,
)
from sessions_app.services.geolocation import get_reader, lookup_location
from tests.factories import UserFactory

NOW = datetime(2024, 6, 14, 12, 0, tzinfo=UTC)
LONDON = DemoAddress("81.2.69.160", "GB", "London", -0.0931)
TOKYO = DemoAddress("2001:218::1", "JP", "Tokyo", 139.75)


@pytest.fixture
def address_pool(bundled_geolocation_database):
    return sample_address_pool(get_reader(), draws=3000)


@pytest.mark.parametrize(
    "first_name, last_name, expected",
    [
        ("Søren", "Müller", "soren.muller"),
        ("Zeynep", "Yılmaz", "zeynep.yilmaz"),
        ("Ji-woo", "O'Brien", "ji-woo.obrien"),
        ("Chloé", "Dvořák", "chloe.dvorak"),
    ],
)
def test_username_is_ascii(first_name, last_name, expected):
    assert ascii_username(first_name, last_name) == expected


def test_demo_people_are_distinct_and_stable():
    people = demo_people(200)

    assert len(people) == 200
    assert len({username for username, _first, _last in people}) == 200
    assert demo_people(200) == people
    assert demo_people(20) == people[:20]


def test_max_demo_users_counts_distinct_names():
    assert max_demo_users() == len(demo_people(10_000))
    assert max_demo_users() > 1000


def test_address_pool_holds_located_public_addresses(address_pool):
    assert len(address_pool.countries) >= 20

    for country_code in address_pool.countries:
        for address in address_pool.addresses_by_country[country_code]:
            location = lookup_location(address.address)
            assert location.country_code == country_code, address
            assert location.city == address.city, address


def test_address_pool_is_the_same_every_time(address_pool):
    again = sample_address_pool(get_reader(), draws=3000)

    assert again.addresses_by_country == address_pool.addresses_by_country


def test_address_pool_needs_located_addresses(geolocation_database):
    with pytest.raises(NoDemoAddressesError, match="placed none of 500 random"):
        sample_address_pool(get_reader(), draws=500)


@pytest.mark.django_db
def test_profile_is_the_same_on_every_run(address_pool):
    user = UserFactory(username="amara.okafor")

    first = build_profile(user, address_pool)
    second = build_profile(user, address_pool)

    assert first == second
    assert len({address.city for address in first.addresses}) == 1
    assert first.devices[0] in user_agents.DESKTOP_BROWSERS
    assert set(EVERYDAY_SERVICES) <= set(first.services)


@pytest.mark.django_db
def test_service_account_signs_in_with_bots(address_pool):
    user = UserFactory(username="svc-monitoring")

    profile = build_profile(user, address_pool, is_service_account=True)

    assert profile.is_service_account
    assert all(device in user_agents.BOTS for device in profile.devices)


def test_created_at_falls_in_demo_period():
    rng = random.Random(3)

    times = [pick_created_at(LONDON, rng, NOW) for _ in range(2000)]

    assert max(times) <= NOW
    assert min(times) >= NOW - timedelta(days=DEMO_PERIOD_DAYS)


def test_created_at_is_mostly_in_local_office_hours():
    rng = random.Random(4)

    london = [pick_created_at(LONDON, rng, NOW) for _ in range(2000)]
    tokyo = [pick_created_at(TOKYO, rng, NOW) for _ in range(2000)]

    assert sum(7 <= time.hour < 19 for time in london) > 0.85 * len(london)
    # Tokyo is nine hours ahead of UTC, so its office hours are UTC night hours.
    assert sum(time.hour >= 22 or time.hour < 10 for time in tokyo) > 0.85 * len(tokyo)
    assert sum(time.weekday() >= 5 for time in london) < 0.1 * len(london)


def test_updated_at_stays_in_range():
    rng = random.Random(5)

    for created_at in [NOW - timedelta(days=30), NOW - timedelta(minutes=1), NOW]:
        for _ in range(200):
            updated_at = pick_updated_at(created_at, rng, NOW)
            assert created_at <= updated_at <= NOW
