"""The app's own settings, each named ``CONSOLE_<NAME>`` in Django settings.

Values are read from ``django.conf.settings`` on every access, so tests can change them
with ``override_settings``.
"""

from datetime import timedelta

from django.conf import settings

DEFAULTS = {
    # Path of a GeoLite2 or GeoIP2 City database (.mmdb); empty disables geolocation.
    "GEOIP_DATABASE": "",
    # Service name recorded for sign-ins to the console itself.
    "SERVICE_NAME": "Session Console",
    # Seconds between two refreshes of a console session's updated_at. 0 refreshes it
    # on every request, at the cost of a database write each time.
    "ACTIVITY_INTERVAL": 300,
    # Address of the console as users reach it, for links in emails.
    "BASE_URL": "http://127.0.0.1:8000",
    # A user's first this many sessions raise neither "new country" nor "new device".
    "UNUSUAL_LEARNING_SESSIONS": 5,
    # Speed in km/h above which travel between two sessions is impossible.
    "UNUSUAL_TRAVEL_SPEED_KMH": 1000,
    # Length of the "many countries" window: a timedelta or a number of seconds.
    "UNUSUAL_COUNTRY_WINDOW": timedelta(hours=24),
    # Number of distinct countries within the window that makes a session unusual.
    "UNUSUAL_COUNTRY_COUNT": 3,
    # Whether the user of an unusual session gets an email about it.
    "UNUSUAL_EMAIL_ENABLED": True,
    # Networks (CIDR) of the reverse proxies whose forwarding header is believed.
    "TRUSTED_PROXIES": [],
    # The header in which trusted proxies pass on the client address:
    # "X-Forwarded-For" or "Forwarded" (RFC 7239). Only one is read, because a client
    # could forge the one that the proxies do not overwrite.
    "CLIENT_ADDRESS_HEADER": "X-Forwarded-For",
    # Requests one API token may make, as DRF writes rates: "600/minute", "20/second".
    # NOTE: the default is an estimate for one service, not measured on real traffic.
    "API_RATE_LIMIT": "1200/minute",
    # Largest accepted API request body, in bytes.
    "API_MAX_BODY_SIZE": 16384,
    # Sessions per page of the read API, by default and at most.
    "API_PAGE_SIZE": 50,
    "API_MAX_PAGE_SIZE": 500,
    # Rows of the admin session list that page numbers reach. An OFFSET reads every
    # row it skips, so deeper rows are reached by filters and dates instead.
    "ADMIN_MAX_PAGED_ROWS": 10_000,
    # Rows of the staff session list that page numbers reach, for the same reason.
    "LIST_MAX_PAGED_ROWS": 10_000,
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
