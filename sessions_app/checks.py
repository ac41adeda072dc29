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


def check_unusual_settings(app_configs=None, **kwargs):
    """Report an unusual-access threshold that detection cannot use."""
    try:
        Thresholds.from_settings()
    except ImproperlyConfigured as error:
        return [
            checks.Error(
                str(error),
                hint="Unusual sessions are not detected until the setting is fixed.",
                id="sessions_app.E001",
            )
        ]
    return []
