"""Geolocation lookups in a MaxMind City database (GeoLite2 or GeoIP2 ``.mmdb``).

The database is opened once per process and shared by every thread; geoip2's reader is
safe for concurrent lookups.
"""

import ipaddress
import itertools
import logging
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path

import geoip2.database
import geoip2.errors
import maxminddb

from sessions_app.conf import console_settings

logger = logging.getLogger(__name__)

# Records decoded when a database is opened. A corrupt file may open fine and fail only
# on a lookup, and reading its first records catches many such files at opening time.
VERIFIED_RECORD_COUNT = 32

_lock = threading.Lock()
_readers = {}
# Readers whose lookups have failed; the failure is logged once per reader.
_failed_readers = weakref.WeakSet()


class GeolocationDatabaseError(Exception):
    """The geolocation database is missing, unreadable, corrupt or not City data."""


@dataclass(frozen=True)
class Location:
    """The location of an IP address as recorded in the geolocation database."""

    continent_code: str = ""
    continent: str = ""
    country_code: str = ""
    country: str = ""
    city: str = ""
    latitude: float | None = None
    longitude: float | None = None
    accuracy_radius: int | None = None


EMPTY_LOCATION = Location()


def is_public_address(address):
    """Return whether an address is locatable: not private, CGNAT, reserved or such."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    if parsed.version == 6 and parsed.ipv4_mapped:
        parsed = parsed.ipv4_mapped
    return parsed.is_global and not parsed.is_multicast


def open_reader(path):
    """Open a City database, raising ``GeolocationDatabaseError`` on any problem."""
    if not path:
        raise GeolocationDatabaseError("No geolocation database is configured.")
    if not Path(path).is_file():
        raise GeolocationDatabaseError(f"Geolocation database not found: {path}")

    verify_records(path)
    try:
        reader = geoip2.database.Reader(str(path))
    except (OSError, ValueError, maxminddb.InvalidDatabaseError) as error:
        raise GeolocationDatabaseError(
            f"Geolocation database {path} cannot be read: {error}"
        ) from error

    database_type = reader.metadata().database_type
    if "City" not in database_type:
        reader.close()
        raise GeolocationDatabaseError(
            f"Geolocation database {path} is a {database_type} database; "
            "a City database is needed."
        )
    return reader


def verify_records(path):
    """Decode the first records of a database, raising ``GeolocationDatabaseError``
    when its search tree or data section is corrupt."""
    try:
        with maxminddb.open_database(str(path)) as reader:
            for _record in itertools.islice(reader, VERIFIED_RECORD_COUNT):
                pass
    except (OSError, ValueError, maxminddb.InvalidDatabaseError) as error:
        raise GeolocationDatabaseError(
            f"Geolocation database {path} cannot be read: {error}"
        ) from error


def get_reader():
    """Return the shared reader for the configured database, or None when unusable.

    A database that fails to open is logged once as a warning and not retried until
    ``reset_readers()`` is called, so a bad file costs nothing per lookup.
    """
    path = console_settings.GEOIP_DATABASE
    with _lock:
        if path not in _readers:
            try:
                _readers[path] = open_reader(path)
            except GeolocationDatabaseError as error:
                logger.warning("Geolocation disabled: %s", error)
                _readers[path] = None
        return _readers[path]


def reset_readers():
    """Close every open database, so the next lookup opens the configured one again."""
    with _lock:
        for reader in _readers.values():
            if reader is not None:
                reader.close()
        _readers.clear()
        _failed_readers.clear()


def lookup_location(address, reader=None):
    """Return the location of an IP address, or ``EMPTY_LOCATION`` when unknown."""
    if not address or not is_public_address(address):
        return EMPTY_LOCATION

    reader = reader or get_reader()
    if reader is None:
        return EMPTY_LOCATION

    try:
        response = reader.city(str(address))
    except geoip2.errors.AddressNotFoundError:
        return EMPTY_LOCATION
    except (ValueError, maxminddb.InvalidDatabaseError) as error:
        report_lookup_failure(reader, address, error)
        return EMPTY_LOCATION

    return location_from_response(response)


def report_lookup_failure(reader, address, error):
    """Log the first failed lookup of a reader as a warning, later ones at debug level.

    A corrupt record fails every lookup that reaches it, so a warning per request would
    flood the log without adding anything.
    """
    with _lock:
        first = reader not in _failed_readers
        _failed_readers.add(reader)
    level = logging.WARNING if first else logging.DEBUG
    logger.log(
        level,
        "Geolocation lookup failed for %s, location left empty: %s",
        address,
        error,
    )


def location_from_response(response):
    """Convert a geoip2 City response into a ``Location``."""
    return Location(
        continent_code=response.continent.code or "",
        continent=response.continent.name or "",
        country_code=response.country.iso_code or "",
        country=response.country.name or "",
        city=response.city.name or "",
        latitude=response.location.latitude,
        longitude=response.location.longitude,
        accuracy_radius=response.location.accuracy_radius,
    )
