import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions_app.models import Session
from sessions_app.pagination import EstimatedCountPaginator, parse_page_number
from tests.factories import SessionFactory


@pytest.mark.parametrize(
    "value, expected",
    [("3", 3), (" 3 ", 3), (None, 1), ("", 1), ("x", 1), ("0", 1), ("-2", 1)],
)
def test_parse_page_number(value, expected):
    assert parse_page_number(value) == expected


@pytest.fixture
def twelve_sessions(db):
    SessionFactory.create_batch(12)
    return Session.objects.order_by("pk")


def test_count_is_exact_up_to_the_limit(twelve_sessions, monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "exact_count_limit", 12)

    paginator = EstimatedCountPaginator(twelve_sessions, 5)

    assert paginator.count == 12
    assert not paginator.count_is_estimate
    assert paginator.num_pages == 3


def test_count_past_the_limit_is_an_estimate(twelve_sessions, monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "exact_count_limit", 4)

    paginator = EstimatedCountPaginator(twelve_sessions, 5)

    assert paginator.count_is_estimate
    if connection.vendor == "postgresql":
        assert paginator.count >= 5
    else:
        assert paginator.count == 5
        assert paginator.count_is_lower_bound


def test_estimated_page_is_not_cut_short(twelve_sessions, monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "exact_count_limit", 4)

    page = EstimatedCountPaginator(twelve_sessions, 5).get_page("1")

    assert len(page) == 5


def test_count_queryset_is_counted(twelve_sessions):
    rows = list(twelve_sessions)

    paginator = EstimatedCountPaginator(
        rows, 5, count_queryset=twelve_sessions.all()[:7]
    )

    assert paginator.count == 7
    assert paginator.get_page("9").number == 2


def test_bounded_count_does_not_sort(twelve_sessions):
    paginator = EstimatedCountPaginator(twelve_sessions.order_by("-created_at"), 5)

    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 12

    assert "ORDER BY" not in queries[0]["sql"]
