import ipaddress
import json
import logging

import geoip2.database
import maxminddb
import pytest

from sessions_app.services.enrichment import enrich_sessions
from sessions_app.services.geolocation import (
    EMPTY_LOCATION,
    get_reader,
    lookup_location,
)
from tests.conftest import SHARED_FIXTURES, shared_fixture
from tests.factories import SessionFactory

GEOLOCATION_LOGGER = "sessions_app.services.geolocation"
CITY_TEST_DATABASES = ["GeoIP2-City-Test", "GeoLite2-City-Test"]


def city_test_cases():
    """Return one case per network of MaxMind's City test databases."""
    cases = []
    for database_name in CITY_TEST_DATABASES:
        source = SHARED_FIXTURES / "geoip" / f"{database_name}.json"
        if not source.exists():
            cases.append(pytest.param(database_name, None, None, id=database_name))
            continue
        for item in json.loads(source.read_text()):
            for network, record in item.items():
                case_id = f"{database_name}-{network}"
                cases.append(pytest.param(database_name, network, record, id=case_id))
    return cases


def english_name(record, key):
    return record.get(key, {}).get("names", {}).get("en", "")


def geolocation_records(caplog, level):
    return [
        record
        for record in caplog.records
        if record.name == GEOLOCATION_LOGGER and record.levelno == level
    ]


@pytest.mark.parametrize("database_name, network, record", city_test_cases())
def test_city_test_network_is_enriched(
    database_name, network, record, use_geolocation_database
):
    use_geolocation_database(shared_fixture("geoip", f"{database_name}.mmdb"))
    address = str(ipaddress.ip_network(network).network_address)

    [session] = enrich_sessions([SessionFactory.build(ip_address=address)])

    where = f"{address} of {network} in {database_name}"
    assert session.continent == english_name(record, "continent"), where
    assert session.continent_code == record.get("continent", {}).get("code", ""), where
    assert session.country == english_name(record, "country"), where
    assert session.country_code == record.get("country", {}).get("iso_code", ""), where
    assert session.city == english_name(record, "city"), where


@pytest.mark.django_db
def test_unusable_database_still_saves_sessions(
    unusable_database, use_geolocation_database, caplog
):
    use_geolocation_database(unusable_database)

    sessions = [SessionFactory(ip_address="81.2.69.160") for _ in range(3)]

    for session in sessions:
        session.refresh_from_db()
        assert session.ip_address == "81.2.69.160"
        assert session.continent == ""
        assert session.country == ""
        assert session.city == ""
        assert session.latitude is None
        assert session.os == "Windows 10"
    warnings = geolocation_records(caplog, logging.WARNING)
    assert len(warnings) == 1
    assert (
        warnings[0]
        .getMessage()
        .startswith(f"Geolocation disabled: Geolocation database {unusable_database} ")
    )
    assert geolocation_records(caplog, logging.ERROR) == []


def test_unusable_database_gives_no_reader(unusable_database, use_geolocation_database):
    use_geolocation_database(unusable_database)

    assert get_reader() is None
    assert lookup_location("81.2.69.160") == EMPTY_LOCATION


def test_corrupt_record_warns_once_per_reader(caplog):
    # This database opens fine and fails only when a lookup reaches its bad data.
    path = shared_fixture("geoip", "GeoIP2-City-Test-Broken-Double-Format.mmdb")
    reader = geoip2.database.Reader(str(path))
    caplog.set_level(logging.DEBUG, logger=GEOLOCATION_LOGGER)

    locations = [
        lookup_location(address, reader=reader)
        for address in ["81.2.69.160", "89.160.20.112", "81.2.69.160"]
    ]

    assert locations == [EMPTY_LOCATION] * 3
    warnings = geolocation_records(caplog, logging.WARNING)
    assert len(warnings) == 1
    assert (
        warnings[0]
        .getMessage()
        .startswith(
            "Geolocation lookup failed for 81.2.69.160, location left empty: "
            "Error while looking up data for 81.2.69.160."
        )
    )
    assert len(geolocation_records(caplog, logging.DEBUG)) == 2
    assert geolocation_records(caplog, logging.ERROR) == []


class FailingReader:
    """A reader whose data section is corrupt: every lookup fails."""

    def city(self, address):
        raise maxminddb.InvalidDatabaseError(f"bad data while looking up {address}")


def test_failing_lookups_warn_once(caplog):
    caplog.set_level(logging.DEBUG, logger=GEOLOCATION_LOGGER)
    reader = FailingReader()

    for address in ["81.2.69.160", "2001:480::1", "175.16.199.1"]:
        assert lookup_location(address, reader=reader) == EMPTY_LOCATION

    warnings = geolocation_records(caplog, logging.WARNING)
    assert [record.getMessage() for record in warnings] == [
        "Geolocation lookup failed for 81.2.69.160, location left empty: "
        "bad data while looking up 81.2.69.160"
    ]
    assert len(geolocation_records(caplog, logging.DEBUG)) == 2


def test_database_is_opened_once(geolocation_database):
    assert get_reader() is get_reader()
