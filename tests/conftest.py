"""Fixtures shared by the whole test suite."""

from pathlib import Path

import pytest

from sessions_app.services import geolocation
from tests.geoip_builder import build_city_database

SHARED_FIXTURES = Path(__file__).resolve().parent.parent.parent / "shared" / "fixtures"


def shared_fixture(*parts):
    """Return the path of a shared fixture file, skipping the test when it is absent."""
    path = SHARED_FIXTURES.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared fixture not found: {path}")
    return path


@pytest.fixture(scope="session")
def built_city_database(tmp_path_factory):
    """A small City database that the tests build themselves."""
    return build_city_database(tmp_path_factory.mktemp("geoip") / "City-Test.mmdb")


@pytest.fixture(autouse=True)
def geolocation_database(settings, built_city_database):
    """Point every test at the built database and give it a freshly opened reader."""
    settings.CONSOLE_GEOIP_DATABASE = str(built_city_database)
    geolocation.reset_readers()
    yield built_city_database
    geolocation.reset_readers()


@pytest.fixture
def use_geolocation_database(settings):
    """Return a function that switches the configured database for one test."""

    def use(path):
        settings.CONSOLE_GEOIP_DATABASE = str(path)
        geolocation.reset_readers()

    return use
