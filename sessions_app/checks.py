"""System checks for the Session Console."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from sessions_app.conf import console_settings
from sessions_app.services.geolocation import GeolocationDatabaseError, open_reader
from sessions_app.services.unusual_rules import Thresholds


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
