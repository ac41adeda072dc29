"""Figures of the staff dashboard, aggregated by the database."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sessions_app.models import Session

TOP_LIMIT = 10


@dataclass(frozen=True)
class DayCount:
    """The sessions and unusual sessions of one day."""

    day: object
    sessions: int
    unusual: int


@dataclass(frozen=True)
class TopEntry:
    """One row of a top list: a name and its number of sessions."""

    label: str
    sessions: int


def sessions_between(start, end):
    """Return the sessions created from the start of ``start`` to the end of ``end``,
    both days in the current time zone."""
    zone = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    return Session.objects.filter(created_at__gte=since, created_at__lt=until)


def count_sessions_per_day(start, end):
    """Return a ``DayCount`` for each day from ``start`` to ``end``, empty days too."""
    rows = (
        sessions_between(start, end)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(sessions=Count("id"), unusual=Count("id", filter=Q(is_unusual=True)))
        .order_by("day")
    )
    counts = {row["day"]: row for row in rows}

    days = []
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        row = counts.get(day, {"sessions": 0, "unusual": 0})
        days.append(DayCount(day, row["sessions"], row["unusual"]))
    return days


def count_top(start, end, field, limit=TOP_LIMIT):
    """Return the ``limit`` values of ``field`` with the most sessions, most first."""
    rows = (
        sessions_between(start, end)
        .values(field)
        .annotate(sessions=Count("id"))
        .order_by("-sessions", field)[:limit]
    )
    return [TopEntry(row[field] or _("Unknown"), row["sessions"]) for row in rows]


def summarize_period(start, end):
    """Return the totals of the period: sessions, unusual sessions and users."""
    return sessions_between(start, end).aggregate(
        sessions=Count("id"),
        unusual=Count("id", filter=Q(is_unusual=True)),
        users=Count("user", distinct=True),
    )


def chart_data(days, countries, services):
    """Return the figures in the shape the dashboard's script draws."""
    return {
        "days": {
            "labels": [date_format(day.day, "j M") for day in days],
            "sessions": [day.sessions for day in days],
            "unusual": [day.unusual for day in days],
        },
        "countries": {
            "labels": [entry.label for entry in countries],
            "sessions": [entry.sessions for entry in countries],
        },
        "services": {
            "labels": [entry.label for entry in services],
            "sessions": [entry.sessions for entry in services],
        },
        "text": {"sessions": _("Sessions"), "unusual": _("Unusual sessions")},
    }


def build_dashboard(start, end):
    """Return every figure of the dashboard for the days ``start`` to ``end``."""
    days = count_sessions_per_day(start, end)
    countries = count_top(start, end, "country")
    services = count_top(start, end, "service")
    return {
        "start": start,
        "end": end,
        "totals": summarize_period(start, end),
        "days": days,
        "countries": countries,
        "services": services,
        "chart_data": chart_data(days, countries, services),
    }
