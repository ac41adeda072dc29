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
    # Rows of the admin session list that page numbers reach. An OFFSET reads every
    # row it skips, so deeper rows are reached by filters and dates instead.
    "ADMIN_MAX_PAGED_ROWS": 10_000,
    # Seconds the admin keeps the choices of its service, continent and country
    # filters before listing them again.
    "ADMIN_FILTER_CACHE_SECONDS": 300,
}


class ConsoleSettings:
    """Look up ``CONSOLE_*`` settings, falling back to the documented defaults."""

    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"Unknown console setting: {name}")
        return getattr(settings, f"CONSOLE_{name}", DEFAULTS[name])


console_settings = ConsoleSettings()
