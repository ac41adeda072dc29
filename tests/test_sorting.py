import pytest

from sessions_app.models import Session
from sessions_app.sorting import order_sessions, parse_sort, sort_fields


@pytest.mark.parametrize(
    "value, expected",
    [
        ("user", "user"),
        ("-user", "-user"),
        (" -service ", "-service"),
        (None, "-created_at"),
        ("", "-created_at"),
        ("user__password", "-created_at"),
        ("--user", "-created_at"),
        ("id", "-created_at"),
    ],
)
def test_parse_sort(value, expected):
    assert parse_sort(value) == expected


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("created_at", ("created_at", "id")),
        ("-created_at", ("-created_at", "-id")),
        ("service", ("service", "-created_at", "-id")),
        ("-service", ("-service", "created_at", "id")),
    ],
)
def test_sort_fields_reverse_every_field(sort, expected):
    assert sort_fields(sort) == expected


def test_order_sessions_falls_back_to_newest_first():
    queryset = order_sessions(Session.objects.all(), "user__password")

    assert queryset.query.order_by == ("-created_at", "-id")
