"""The rules that make a session unusual: pure functions of a session and its history.

A *history* is any object with the methods of ``unusual_history.StoredHistory``: the
rules ask it about the user's other sessions and never query the database themselves.
"""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

from sessions_app.conf import console_settings
from sessions_app.models import UnusualReason

# Mean radius of the Earth in kilometres (IUGG value), for great-circle distances.
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Thresholds:
    """The configurable limits of the rules, read once per detection run."""

    learning_sessions: int
    travel_speed_kmh: float
    country_window: timedelta
    country_count: int

    @classmethod
    def from_settings(cls):
        """Read and check the ``CONSOLE_UNUSUAL_*`` settings.

        Raise ``ImproperlyConfigured`` naming the setting whose value is invalid.
        """
        return cls(
            learning_sessions=read_whole_number("UNUSUAL_LEARNING_SESSIONS", minimum=0),
            travel_speed_kmh=read_speed("UNUSUAL_TRAVEL_SPEED_KMH"),
            country_window=read_duration("UNUSUAL_COUNTRY_WINDOW"),
            country_count=read_whole_number("UNUSUAL_COUNTRY_COUNT", minimum=2),
        )


def read_whole_number(name, *, minimum):
    value = getattr(console_settings, name)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ImproperlyConfigured(
            f"CONSOLE_{name} must be a whole number of at least {minimum}, "
            f"not {value!r}."
        )
    return value


def read_speed(name):
    value = getattr(console_settings, name)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ImproperlyConfigured(
            f"CONSOLE_{name} must be a speed in km/h above zero, not {value!r}."
        )
    return float(value)


def read_duration(name):
    value = getattr(console_settings, name)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = timedelta(seconds=value)
    if not isinstance(value, timedelta) or value <= timedelta(0):
        raise ImproperlyConfigured(
            f"CONSOLE_{name} must be a timedelta or a number of seconds above zero, "
            f"not {value!r}."
        )
    return value


def distance_km(first, second):
    """Return the great-circle distance between two located sessions, in km."""
    lat1, lon1 = math.radians(first.latitude), math.radians(first.longitude)
    lat2, lon2 = math.radians(second.latitude), math.radians(second.longitude)

    # Haversine formula; min() guards against rounding just above 1 for antipodes.
    half_chord = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(half_chord)))


def is_located(session):
    """Return whether a session has a position that the travel rule can use.

    The coordinates of a location known only to its country or continent are that
    area's centre, not the user's position, so only a location with a city counts.
    """
    has_coordinates = session.latitude is not None and session.longitude is not None
    return has_coordinates and bool(session.city)


def is_new_country(session, history):
    """Return whether the session comes from a country the user never used before."""
    if not session.country_code:
        return False
    return not history.has_country(session.country_code)


def is_new_device(session, history):
    """Return whether the session's OS family, with its browser family where known,
    was never seen for the user. A session without a known OS is never new."""
    if not session.os_family:
        return False
    return not history.has_device(session.os_family, session.browser_family)


def is_impossible_travel(session, neighbours, max_speed_kmh):
    """Return whether reaching any neighbour from this session needs more than
    ``max_speed_kmh``. Neighbours are sessions that ``is_located`` accepts.

    The distance shrinks by both accuracy radii, so two locations that may be the same
    place never count. Sessions at the same instant in different places count, and no
    division by their zero time apart takes place.
    """
    if not is_located(session):
        return False

    for other in neighbours:
        margin = (session.accuracy_radius or 0) + (other.accuracy_radius or 0)
        travelled_km = distance_km(session, other) - margin
        hours = abs((session.created_at - other.created_at).total_seconds()) / 3600
        if travelled_km > 0 and travelled_km > max_speed_kmh * hours:
            return True
    return False


def is_many_countries(session, entries, thresholds):
    """Return whether the session comes from a country the user did not use within
    one window before or after it, and some window holding it has at least
    ``thresholds.country_count`` countries.

    ``entries`` are ``(created_at, country_code)`` pairs of the user's other sessions
    within one window either side. Requiring a country new to its surroundings marks
    each country of a burst once, rather than every later session of the burst.
    """
    if not session.country_code:
        return False
    if any(code == session.country_code for _, code in entries):
        return False

    moment, window = session.created_at, thresholds.country_window
    # Moving a window later until it starts at a session, or at this one, loses no
    # session, so those starts are the only ones worth counting.
    starts = {at for at, _ in entries if moment - window <= at <= moment}
    for start in starts | {moment}:
        countries = {code for at, code in entries if start <= at <= start + window}
        if len(countries) + 1 >= thresholds.country_count:
            return True
    return False


def detect_reasons(session, history, thresholds):
    """Return the codes of the reasons a session is unusual, in display order."""
    reasons = []
    limit = thresholds.learning_sessions
    learning = history.count_earlier(limit) < limit

    if not learning and is_new_country(session, history):
        reasons.append(UnusualReason.NEW_COUNTRY.value)
    if not learning and is_new_device(session, history):
        reasons.append(UnusualReason.NEW_DEVICE.value)

    if is_impossible_travel(session, history.neighbours(), thresholds.travel_speed_kmh):
        reasons.append(UnusualReason.IMPOSSIBLE_TRAVEL.value)

    window = thresholds.country_window
    entries = history.window_entries(
        session.created_at - window, session.created_at + window
    )
    if is_many_countries(session, entries, thresholds):
        reasons.append(UnusualReason.MANY_COUNTRIES.value)
    return reasons
