from datetime import UTC, date, datetime

import pytest

from sessions_app.models import Session
from sessions_app.selectors.dashboard import count_sessions_per_day, count_top
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_days_without_sessions_count_zero():
    SessionFactory(created_at=datetime(2026, 3, 2, 9, tzinfo=UTC))
    unusual = SessionFactory(created_at=datetime(2026, 3, 2, 10, tzinfo=UTC))
    Session.objects.filter(pk=unusual.pk).update(is_unusual=True)

    days = count_sessions_per_day(date(2026, 3, 1), date(2026, 3, 3))

    assert [(d.day.isoformat(), d.sessions, d.unusual) for d in days] == [
        ("2026-03-01", 0, 0),
        ("2026-03-02", 2, 1),
        ("2026-03-03", 0, 0),
    ]


def test_days_follow_the_time_zone(settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    SessionFactory(created_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC))

    days = count_sessions_per_day(date(2026, 3, 1), date(2026, 3, 2))

    assert [(d.day.isoformat(), d.sessions) for d in days] == [
        ("2026-03-01", 0),
        ("2026-03-02", 1),
    ]


def test_top_lists_most_first_and_names_unknown():
    moment = datetime(2026, 3, 2, 9, tzinfo=UTC)
    for address in ["81.2.69.160", "81.2.69.161", "10.0.0.1", "89.160.20.115"]:
        SessionFactory(created_at=moment, ip_address=address)
    SessionFactory(created_at=moment, ip_address="10.0.0.2")

    top = count_top(date(2026, 3, 2), date(2026, 3, 2), "country", limit=2)

    assert [(entry.label, entry.sessions) for entry in top] == [
        ("Unknown", 2),
        ("United Kingdom", 2),
    ]
