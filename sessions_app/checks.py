"""System checks for the Session Console."""

import ipaddress
import re

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from sessions_app.conf import console_settings
from sessions_app.services.client_address import SUPPORTED_HEADERS
from sessions_app.services.geolocation import GeolocationDatabaseError, open_reader
from sessions_app.services.unusual_rules import Thresholds

# DRF reads the first letter of the period: s(econd), m(inute), h(our) or d(ay).
RATE_PATTERN = re.compile(r"[0-9]+/(s|m|h|d)[a-z]*")


def check_geolocation_database(app_configs=None, **kwargs):
    """Warn when the geolocation database is unusable: sessions then lack a location."""
    path = console_settings.GEOIP_DATABASE
    try:
        open_reader(path).close()
    except GeolocationDatabaseError as error:
        return [
            checks.Warning(
                str(error),
                hint=(
                    "Set CONSOLE_GEOIP_DATABASE to the path of a GeoLite2 or GeoIP2 "
                    "City database. Sessions are still recorded, without a location."
                ),
                id="sessions_app.W001",
            )
        ]
    return []


def check_activity_interval(app_configs=None, **kwargs):
    """Reject an activity interval that is not a number of seconds of 0 or more."""
    interval = console_settings.ACTIVITY_INTERVAL
    if isinstance(interval, int | float) and not isinstance(interval, bool):
        if interval >= 0:
            return []
    return [
        checks.Error(
            f"CONSOLE_ACTIVITY_INTERVAL is {interval!r}, not a number of seconds.",
            hint="Set it to 0 or more seconds, such as 300.",
            id="sessions_app.E001",
        )
    ]


def check_unusual_settings(app_configs=None, **kwargs):
    """Report an unusual-access threshold that detection cannot use."""
    try:
        Thresholds.from_settings()
    except ImproperlyConfigured as error:
        return [
            checks.Error(
                str(error),
                hint="Unusual sessions are not detected until the setting is fixed.",
                id="sessions_app.E002",
            )
        ]
    return []


def check_client_address_settings(app_configs=None, **kwargs):
    """Report trusted proxy networks and a forwarding header that cannot work."""
    errors = []
    for value in console_settings.TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(str(value).strip(), strict=False)
        except ValueError:
            errors.append(
                checks.Error(
                    f"CONSOLE_TRUSTED_PROXIES has an invalid network: {value!r}",
                    hint="Write networks in CIDR notation, such as 10.0.0.0/8.",
                    id="sessions_app.E003",
                )
            )
    header = str(console_settings.CLIENT_ADDRESS_HEADER)
    if header.lower() not in {name.lower() for name in SUPPORTED_HEADERS}:
        errors.append(
            checks.Error(
                f"CONSOLE_CLIENT_ADDRESS_HEADER is {header!r}; forwarding headers "
                "are ignored.",
                hint="Set it to X-Forwarded-For or Forwarded.",
                id="sessions_app.E004",
            )
        )
    return errors


def check_api_rate_limit(app_configs=None, **kwargs):
    """Report an API rate limit that DRF cannot parse."""
    rate = str(console_settings.API_RATE_LIMIT)
    if RATE_PATTERN.fullmatch(rate):
        return []
    return [
        checks.Error(
            f"CONSOLE_API_RATE_LIMIT is {rate!r}, not a rate.",
            hint="Write the number of requests per period, such as 1200/minute.",
            id="sessions_app.E005",
        )
    ]
