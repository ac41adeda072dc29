"""Find real public IPv4 addresses that the geolocation database places in a city."""

import ipaddress
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

from sessions_app.services.geolocation import lookup_location

# Random addresses drawn per pool. In the GeoLite2 City database of December 2019,
# about a third of them have a city, and they cover 136 countries (measured once).
ADDRESS_DRAWS = 30_000
ADDRESSES_PER_COUNTRY = 40
# Fixed, so that every run draws the same pool and each demo user keeps their home.
ADDRESS_SEED = 2019


class NoDemoAddressesError(Exception):
    """The geolocation database placed none of the drawn addresses in a city."""


@dataclass(frozen=True)
class DemoAddress:
    """A public address with the country and city the database places it in."""

    address: str
    country_code: str
    city: str
    longitude: float | None


class AddressPool:
    """Located addresses grouped by country, with how often each country was hit."""

    def __init__(self, addresses_by_country, hits_by_country):
        self.addresses_by_country = addresses_by_country
        self.countries = sorted(addresses_by_country)
        # The square root keeps large address holders common without crowding out
        # the smaller countries.
        self.country_weights = [
            math.sqrt(hits_by_country[country]) for country in self.countries
        ]

    def pick_home_country(self, rng):
        """Return a country code, large countries more often than small ones."""
        return rng.choices(self.countries, weights=self.country_weights)[0]

    def pick_city_addresses(self, country_code, rng, count):
        """Return ``count`` addresses in one city of a country, repeating if needed."""
        by_city = defaultdict(list)
        for address in self.addresses_by_country[country_code]:
            by_city[address.city].append(address)
        city_addresses = by_city[rng.choice(sorted(by_city))]
        return [rng.choice(city_addresses) for _ in range(count)]

    def pick_abroad(self, home_country_code, rng):
        """Return an address in a country other than the home country, if any."""
        others = [code for code in self.countries if code != home_country_code]
        country_code = rng.choice(others or self.countries)
        return rng.choice(self.addresses_by_country[country_code])


def draw_public_ipv4(rng):
    """Return a random IPv4 address outside private, reserved and multicast ranges."""
    while True:
        address = ipaddress.IPv4Address(rng.getrandbits(32))
        if address.is_global and not address.is_multicast:
            return str(address)


def sample_address_pool(reader, draws=ADDRESS_DRAWS, seed=ADDRESS_SEED):
    """Draw random public addresses and keep those the database places in a city."""
    rng = random.Random(seed)
    addresses_by_country = defaultdict(list)
    hits_by_country = Counter()

    for _ in range(draws):
        address = draw_public_ipv4(rng)
        location = lookup_location(address, reader=reader)
        if not (location.city and location.country_code):
            continue
        hits_by_country[location.country_code] += 1
        kept = addresses_by_country[location.country_code]
        if len(kept) < ADDRESSES_PER_COUNTRY:
            kept.append(
                DemoAddress(
                    address, location.country_code, location.city, location.longitude
                )
            )

    if not addresses_by_country:
        raise NoDemoAddressesError(
            f"The geolocation database placed none of {draws} random public "
            "addresses in a city. Set CONSOLE_GEOIP_DATABASE to a full GeoLite2 or "
            "GeoIP2 City database."
        )
    return AddressPool(dict(addresses_by_country), hits_by_country)
