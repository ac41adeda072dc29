"""The app's own settings, each named ``CONSOLE_<NAME>`` in Django settings.

Values are read from ``django.conf.settings`` on every access, so tests can change them
with ``override_settings``.
"""

from django.conf import settings

DEFAULTS = {
    # Path of a GeoLite2 or GeoIP2 City database (.mmdb); empty disables geolocation.
    "GEOIP_DATABASE": "",
    # Service name recorded for sign-ins to the console itself.
    "SERVICE_NAME": "Session Console",
    # Seconds between two refreshes of a console session's updated_at. 0 refreshes it
    # on every request, at the cost of a database write each time.
    "ACTIVITY_INTERVAL": 300,
}


class ConsoleSettings:
    """Look up ``CONSOLE_*`` settings, falling back to the documented defaults."""

    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"Unknown console setting: {name}")
        return getattr(settings, f"CONSOLE_{name}", DEFAULTS[name])


console_settings = ConsoleSettings()
