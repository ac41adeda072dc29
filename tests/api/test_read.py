"""The read API: staff tokens list sessions with the console's filters and read one."""

import base64
import datetime

import pytest
from django.utils import timezone

from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

SESSIONS_URL = "/api/sessions/"


def session_ids(response):
    return [session["session_id"] for session in response.json()["results"]]


def created_days_ago(days, **fields):
    session = SessionFactory(**fields)
    session.__class__.objects.filter(pk=session.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )
    return session


def test_list_returns_newest_first(staff_client):
    older = created_days_ago(2)
    newer = created_days_ago(1)

    response = staff_client.get(SESSIONS_URL)

    assert response.status_code == 200
    assert session_ids(response) == [newer.session_id, older.session_id]
    assert response.json()["next"] is None
    assert response.json()["results"][0]["city"] == "London"


def test_cursor_pages_visit_each_session_once(staff_client):
    sessions = [created_days_ago(days) for days in range(7)]

    seen, url = [], f"{SESSIONS_URL}?page_size=3"
    while url:
        response = staff_client.get(url)
        assert response.status_code == 200
        seen.extend(session_ids(response))
        url = response.json()["next"]

    assert seen == [session.session_id for session in sessions]


def test_cursor_ignores_sessions_created_while_paging(staff_client):
    sessions = [created_days_ago(days) for days in range(1, 5)]
    first = staff_client.get(SESSIONS_URL, {"page_size": 2})

    SessionFactory()
    second = staff_client.get(first.json()["next"])

    assert session_ids(second) == [s.session_id for s in sessions[2:]]


def test_sessions_with_equal_created_at_are_all_listed(staff_client):
    sessions = [created_days_ago(1) for _ in range(5)]
    moment = timezone.now()
    sessions[0].__class__.objects.update(created_at=moment)

    seen, url = [], f"{SESSIONS_URL}?page_size=2"
    while url:
        response = staff_client.get(url)
        seen.extend(session_ids(response))
        url = response.json()["next"]

    assert sorted(seen) == sorted(session.session_id for session in sessions)
    assert len(seen) == 5


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"service": "calendar"}, ["calendar"]),
        ({"country": "SE"}, ["sweden"]),
        ({"country": "United Kingdom"}, ["london", "calendar"]),
        ({"continent": "AS"}, ["china"]),
        ({"ip": "89.160.0.0/16"}, ["sweden"]),
        ({"ip": "175.16.199.1"}, ["china"]),
        ({"user": "bob"}, ["calendar"]),
        ({"user": "bob@example.com"}, ["calendar"]),
        ({"os": "linux"}, ["china"]),
        ({"q": "Linköping"}, ["sweden"]),
        ({"service": "Mail", "country": "GB"}, ["london"]),
        ({"created_from": "2000-01-02", "created_to": "2000-01-02"}, ["old"]),
    ],
)
def test_list_applies_console_filters(staff_client, query, expected):
    bob = UserFactory(username="bob", email="bob@example.com")
    named = {
        "london": SessionFactory(ip_address="81.2.69.160"),
        "calendar": SessionFactory(service="Calendar", user=bob),
        "sweden": SessionFactory(ip_address="89.160.20.115"),
        "china": SessionFactory(
            ip_address="175.16.199.1",
            user_agent="Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Firefox/120.0",
        ),
        "old": SessionFactory(ip_address=None),
    }
    named["old"].__class__.objects.filter(pk=named["old"].pk).update(
        created_at=datetime.datetime(2000, 1, 2, 12, tzinfo=datetime.UTC)
    )

    response = staff_client.get(SESSIONS_URL, query)

    assert response.status_code == 200
    assert sorted(session_ids(response)) == sorted(
        named[name].session_id for name in expected
    )


def forged_cursor(position):
    return base64.b64encode(f"o=0&r=0&p={position}".encode()).decode()


@pytest.mark.parametrize(
    "query, field, code",
    [
        ({"ip": "not-a-network"}, "ip", "invalid"),
        ({"created_from": "2020-13-01"}, "created_from", "invalid"),
        ({"created_from": "12/31/2025"}, "created_from", "invalid"),
        ({"updated_to": "2026-1-5"}, "updated_to", "invalid"),
        (
            {"created_from": "2020-02-02", "created_to": "2020-02-01"},
            "created_to",
            "range_order",
        ),
        ({"continent": "XX"}, "continent", "invalid_choice"),
        ({"service": "a\x00b"}, "service", "null_characters_not_allowed"),
        ({"user": "x" * 300}, "user", "max_length"),
        ({"cursor": "%%%"}, "cursor", "invalid"),
        ({"cursor": forged_cursor("yesterday")}, "cursor", "invalid"),
        ({"cursor": forged_cursor("2020-02-30T00:00:00")}, "cursor", "invalid"),
        ({"page_size": "0"}, "page_size", "invalid"),
        ({"page_size": "501"}, "page_size", "invalid"),
        ({"page_size": "ten"}, "page_size", "invalid"),
    ],
)
def test_list_rejects_invalid_query(staff_client, query, field, code):
    SessionFactory()

    response = staff_client.get(SESSIONS_URL, query)

    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        (field, code)
    ]


def test_list_accepts_huge_numeric_user(staff_client):
    SessionFactory()

    response = staff_client.get(SESSIONS_URL, {"user": "9" * 30})

    assert response.status_code == 200
    assert session_ids(response) == []


def test_retrieve_returns_any_service_session(staff_client):
    session = SessionFactory(service="Calendar")

    response = staff_client.get(f"{SESSIONS_URL}{session.session_id}/")

    assert response.status_code == 200
    assert response.json()["session_id"] == session.session_id
    assert response.json()["service"] == "Calendar"
    assert response.json()["user"]["username"] == session.user.username


@pytest.mark.parametrize("session_id", ["x" * 32, "bad%00id", "a" * 60, "not*valid"])
def test_retrieve_unknown_session_is_not_found(
    without_nul_guard, staff_client, session_id
):
    response = staff_client.get(f"{SESSIONS_URL}{session_id}/")

    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "session_id"


def test_staff_token_cannot_record(staff_client, alice):
    body = {"user": "alice", "ip_address": None, "user_agent": ""}

    response = staff_client.post(SESSIONS_URL, body)

    assert response.status_code == 403
