"""Addresses, user agents and a scenario for unusual-access tests.

The addresses are in networks of ``tests.geoip_builder.CITY_RECORDS``.
"""

from datetime import UTC, datetime, timedelta

from sessions_app.models import Session

LONDON = "81.2.69.160"  # GB, accuracy radius 10 km
LONDON_OTHER = "81.2.69.200"  # same network as LONDON
BOXFORD = "2.125.160.216"  # GB, about 90 km from London, radius 100 km
LINKOPING = "89.160.20.115"  # SE, about 1,258 km from London, radius 76 km
CHANGCHUN = "175.16.199.1"  # CN, about 8,182 km from London, radius 100 km
MILTON = "216.160.83.56"  # US, radius 22 km
BHUTAN = "67.43.156.1"  # BT, known only to its country: no city, radius 534 km
PRIVATE = "10.0.0.1"  # never located

WINDOWS_CHROME_120 = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
)
WINDOWS_CHROME_121 = WINDOWS_CHROME_120.replace("Chrome/120", "Chrome/121")
WINDOWS_7_CHROME = WINDOWS_CHROME_120.replace("Windows NT 10.0", "Windows NT 6.1")
WINDOWS_FIREFOX = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0"
)
MAC_SAFARI = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Safari/605.1.15"
)
UNKNOWN_AGENT = "MailClient/2.0"

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(hours=0, minutes=0):
    """Return the time ``hours`` and ``minutes`` after ``START``."""
    return START + timedelta(hours=hours, minutes=minutes)


# A user's believable week: a settled routine, a trip, a new laptop, then a session
# from far away one hour after one from home. EXPECTED lists the stored reasons.
SCENARIO = [
    (0, LONDON, WINDOWS_CHROME_120),
    (24, LONDON, WINDOWS_CHROME_120),
    (48, PRIVATE, WINDOWS_CHROME_120),
    (72, LONDON, WINDOWS_CHROME_121),
    (96, LONDON, WINDOWS_CHROME_121),
    (120, LINKOPING, WINDOWS_CHROME_121),
    (144, LONDON, MAC_SAFARI),
    (168, LONDON, MAC_SAFARI),
    (169, CHANGCHUN, MAC_SAFARI),
    (169, CHANGCHUN, MAC_SAFARI),
]
EXPECTED = [
    "",
    "",
    "",
    "",
    "",
    "new_country",
    "new_device",
    "",
    "new_country,impossible_travel",
    "",
]


def build(user, hours, ip_address, user_agent):
    """Return an unsaved session of ``user`` created ``hours`` after ``START``."""
    return Session(
        user=user,
        service="Mail",
        created_at=at(hours),
        ip_address=ip_address,
        user_agent=user_agent,
    )
