from datetime import datetime, timedelta

import pytest
from django.contrib.admin.templatetags.admin_list import result_headers
from django.core.cache import cache
from django.utils import timezone

from sessions_app.admin_dates import list_periods
from sessions_app.admin_filters import list_distinct_values
from sessions_app.models import Session
from sessions_app.pagination import EstimatedCountPaginator, MatchCount
from sessions_app.services.sign_in import SESSION_ID_KEY
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGE_LIST = "/admin/sessions_app/session/"


@pytest.fixture
def admin_client(client):
    cache.clear()
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    # Signing in records a session of its own, which no test here wants listed.
    Session.objects.all().delete()
    django_session = client.session
    del django_session[SESSION_ID_KEY]
    django_session.save()
    return client


def listed_ids(response):
    return [session.session_id for session in response.context["cl"].result_list]


def make_session(created_at=None, **fields):
    session = SessionFactory(**fields)
    if created_at is not None:
        Session.objects.filter(pk=session.pk).update(created_at=created_at)
    return session


def test_distinct_values_come_with_labels_in_value_order():
    make_session(ip_address="89.160.20.115")
    make_session(ip_address="81.2.69.160")
    make_session(ip_address="81.2.69.161")
    make_session(ip_address="10.0.0.1")

    values = list_distinct_values(Session.objects.all(), "country_code", "country")

    assert values == [("", ""), ("GB", "United Kingdom"), ("SE", "Sweden")]


def test_country_filter_lists_and_applies_codes(admin_client):
    london = make_session(ip_address="81.2.69.160")
    make_session(ip_address="89.160.20.115")
    unlocated = make_session(ip_address="10.0.0.1")

    response = admin_client.get(CHANGE_LIST, {"country": "GB"})
    unknown = admin_client.get(CHANGE_LIST, {"country": "-"})

    assert listed_ids(response) == [london.session_id]
    assert listed_ids(unknown) == [unlocated.session_id]
    choices = [
        str(title) for _, title in response.context["cl"].filter_specs[3].lookup_choices
    ]
    assert choices == ["Unknown", "United Kingdom", "Sweden"]


@pytest.mark.parametrize(
    "query",
    [
        {"country": "G\x00B"},
        {"country": "GBR"},
        {"service": "x" * 101},
    ],
)
def test_filter_value_that_cannot_exist_lists_nothing(
    without_nul_guard, admin_client, query
):
    make_session(ip_address="81.2.69.160")

    response = admin_client.get(CHANGE_LIST, query)

    assert response.status_code == 200
    assert listed_ids(response) == []


def test_continent_and_service_filters_apply(admin_client):
    mail = make_session(ip_address="81.2.69.160", service="Mail")
    make_session(ip_address="175.16.199.1", service="Mail")
    make_session(ip_address="81.2.69.161", service="Chat")

    response = admin_client.get(CHANGE_LIST, {"continent": "EU", "service": "Mail"})

    assert listed_ids(response) == [mail.session_id]


def test_filter_choices_are_cached(admin_client):
    make_session(service="Mail")
    admin_client.get(CHANGE_LIST)
    make_session(service="Chat")

    response = admin_client.get(CHANGE_LIST)

    services = [
        value for value, _ in response.context["cl"].filter_specs[1].lookup_choices
    ]
    assert services == ["Mail"]


def test_search_matches_part_of_username_or_email(admin_client):
    alice = make_session(user=UserFactory(username="alice", email="a@corp.example"))
    make_session(user=UserFactory(username="bob", email="b@other.example"))

    by_name = admin_client.get(CHANGE_LIST, {"q": "lic"})
    by_email = admin_client.get(CHANGE_LIST, {"q": "corp.example"})

    assert listed_ids(by_name) == [alice.session_id]
    assert listed_ids(by_email) == [alice.session_id]


def test_search_matches_session_id_exactly(admin_client):
    session = make_session()
    make_session()

    exact = admin_client.get(CHANGE_LIST, {"q": session.session_id})
    partial = admin_client.get(CHANGE_LIST, {"q": session.session_id[:10]})

    assert listed_ids(exact) == [session.session_id]
    assert listed_ids(partial) == []


@pytest.mark.parametrize(
    "term", ["81.2.69.160", "::ffff:81.2.69.160", "81.2.69.0/24", "81.2.0.0/16"]
)
def test_search_matches_address_or_network(admin_client, term):
    inside = make_session(ip_address="81.2.69.160")
    make_session(ip_address="89.160.20.115")

    response = admin_client.get(CHANGE_LIST, {"q": term})

    assert listed_ids(response) == [inside.session_id]


def test_search_needs_every_word(admin_client):
    alice = UserFactory(username="alice")
    matching = make_session(user=alice, ip_address="81.2.69.160")
    make_session(user=alice, ip_address="89.160.20.115")

    response = admin_client.get(CHANGE_LIST, {"q": "alice 81.2.69.160"})

    assert listed_ids(response) == [matching.session_id]


def test_search_with_many_matching_users(admin_client, monkeypatch):
    monkeypatch.setattr("sessions_app.admin.MAX_SEARCH_USER_IDS", 2)
    sessions = [make_session(user=UserFactory(username=f"team-{n}")) for n in range(4)]

    response = admin_client.get(CHANGE_LIST, {"q": "team-"})

    assert sorted(listed_ids(response)) == sorted(s.session_id for s in sessions)


def test_search_with_nothing_found(admin_client):
    make_session()

    response = admin_client.get(CHANGE_LIST, {"q": "nobody"})

    assert response.status_code == 200
    assert listed_ids(response) == []


def test_only_creation_time_is_sortable(admin_client):
    response = admin_client.get(CHANGE_LIST)

    headers = result_headers(response.context["cl"])
    assert [str(h["text"]) for h in headers if h["sortable"]] == ["created at"]


def test_list_has_no_bulk_actions(admin_client):
    make_session()

    response = admin_client.get(CHANGE_LIST)

    assert response.context["action_form"] is None
    assert b'name="_selected_action"' not in response.content


def test_pages_past_the_paged_rows_are_not_served(admin_client, settings):
    settings.CONSOLE_ADMIN_MAX_PAGED_ROWS = 200
    for _ in range(3):
        make_session()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sessions_app.admin.SessionAdmin.list_per_page", 1)
        last = admin_client.get(CHANGE_LIST, {"p": 3})
        settings.CONSOLE_ADMIN_MAX_PAGED_ROWS = 2
        beyond = admin_client.get(CHANGE_LIST, {"p": 3})

    assert last.status_code == 200
    assert beyond.status_code == 302
    assert beyond["Location"].endswith("?e=1")


@pytest.mark.parametrize(
    "count, per_page, max_rows, pages",
    [
        (1000, 100, None, 10),
        (1000, 100, 250, 3),
        (1000, 100, 5000, 10),
        (0, 100, 10, 1),
    ],
)
def test_paginator_bounds_page_count(count, per_page, max_rows, pages):
    paginator = EstimatedCountPaginator(range(count), per_page, max_rows=max_rows)
    paginator.__dict__["match_count"] = MatchCount(count)

    assert paginator.num_pages == pages


def test_paginator_counts_exactly_below_the_limit():
    for _ in range(3):
        make_session()

    paginator = EstimatedCountPaginator(Session.objects.order_by("-created_at"), 2)

    assert paginator.count == 3
    assert paginator.count_is_estimate is False


def aware(*parts):
    return timezone.make_aware(datetime(*parts))


def test_periods_are_listed_by_probing():
    for moment in [aware(2024, 3, 5, 10), aware(2024, 3, 7), aware(2025, 1, 1, 0, 30)]:
        make_session(created_at=moment)
    queryset = Session.objects.all()

    years = list_periods(queryset, "created_at", "year")
    months = list_periods(queryset.filter(created_at__year=2024), "created_at", "month")
    days = list_periods(
        queryset.filter(created_at__year=2024, created_at__month=3), "created_at", "day"
    )

    assert years == [aware(2024, 1, 1), aware(2025, 1, 1)]
    assert months == [aware(2024, 3, 1)]
    assert days == [aware(2024, 3, 5), aware(2024, 3, 7)]


def test_periods_match_the_database_dates():
    start = aware(2024, 11, 20)
    for offset in [0, 3, 3, 17, 45, 400]:
        make_session(created_at=start + timedelta(days=offset, hours=offset % 24))
    queryset = Session.objects.all()

    for kind in ["year", "month", "day"]:
        expected = list(queryset.datetimes("created_at", kind))
        assert list_periods(queryset, "created_at", kind) == expected


def test_days_of_a_month_take_two_queries(django_assert_num_queries):
    make_session(created_at=aware(2024, 3, 1, 8))
    make_session(created_at=aware(2024, 3, 31, 20))
    month = Session.objects.filter(created_at__year=2024, created_at__month=3)

    with django_assert_num_queries(2):
        days = list_periods(month, "created_at", "day")

    assert days == [aware(2024, 3, 1), aware(2024, 3, 31)]


def test_wide_ranges_fall_back_to_the_database(django_assert_num_queries):
    make_session(created_at=aware(1900, 1, 1))
    make_session(created_at=aware(2024, 1, 1))

    with django_assert_num_queries(2):
        years = list_periods(Session.objects.all(), "created_at", "year")

    assert years == [aware(1900, 1, 1), aware(2024, 1, 1)]


def test_no_rows_no_periods():
    assert list_periods(Session.objects.all(), "created_at", "year") == []


def test_date_drill_down_renders(admin_client):
    make_session(created_at=aware(2024, 3, 5, 10))
    make_session(created_at=aware(2025, 6, 1, 10))

    top = admin_client.get(CHANGE_LIST)
    year = admin_client.get(CHANGE_LIST, {"created_at__year": 2024})

    assert b"created_at__year=2024" in top.content
    assert b"created_at__year=2025" in top.content
    assert b"created_at__month=3" in year.content
    assert b"created_at__month=6" not in year.content
