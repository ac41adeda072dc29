import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from sessions_app import filters
from sessions_app.filters import SessionFilterSet
from sessions_app.models import Session
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")

IP_ERROR = (
    "Enter a valid IP address or network, such as 192.0.2.10, 192.0.2.0/24 "
    "or 2001:db8::/32."
)
ISO_DATE_MESSAGE = "Enter a date as YYYY-MM-DD, such as 2026-01-05."


def matching(**params):
    """Return the services of the sessions that a valid filter matches, sorted."""
    filterset = SessionFilterSet(params, queryset=Session.objects.all())
    assert filterset.is_valid(), filterset.errors
    return sorted(filterset.qs.values_list("service", flat=True))


def errors(**params):
    """Return the form errors of a filter, by field name."""
    filterset = SessionFilterSet(params, queryset=Session.objects.all())
    assert not filterset.is_valid()
    return filterset.errors


def local_time(*args):
    return datetime.datetime(*args, tzinfo=STOCKHOLM)


def test_no_filters_match_every_session():
    SessionFactory(service="Mail")
    SessionFactory(service="Wiki")

    assert matching() == ["Mail", "Wiki"]


def test_unbound_filterset_lists_every_session():
    SessionFactory(service="Mail")

    filterset = SessionFilterSet(None, queryset=Session.objects.all())

    assert list(filterset.qs.values_list("service", flat=True)) == ["Mail"]


@pytest.mark.parametrize("value", ["ada", "ADA", "ada@example.org", "Ada@Example.org"])
def test_user_filter_matches_username_or_email(value):
    SessionFactory(user=UserFactory(username="ada", email="ada@example.org"))
    SessionFactory(service="Other", user=UserFactory(username="grace"))

    assert matching(user=value) == ["Mail"]


def test_user_filter_matches_numeric_id():
    ada = UserFactory(username="ada")
    SessionFactory(user=ada)
    SessionFactory(service="Other")

    assert matching(user=str(ada.pk)) == ["Mail"]


def test_user_filter_matches_numeric_username():
    SessionFactory(user=UserFactory(username="4711"))
    SessionFactory(service="Other")

    assert matching(user="4711") == ["Mail"]


@pytest.mark.parametrize("value", ["nobody", "99999999999999999999999", "١٢"])
def test_user_filter_without_match_is_empty(value):
    SessionFactory()

    assert matching(user=value) == []


def test_service_filter_ignores_case():
    SessionFactory(service="Mail")
    SessionFactory(service="Mailbox")

    assert matching(service="mail") == ["Mail"]


def test_continent_filter_matches_code():
    SessionFactory(service="London", ip_address="81.2.69.160")
    SessionFactory(service="Changchun", ip_address="175.16.199.1")

    assert matching(continent="AS") == ["Changchun"]


def test_continent_filter_rejects_unknown_code():
    assert errors(continent="XX") == {
        "continent": ["Select a valid choice. XX is not one of the available choices."]
    }


@pytest.mark.parametrize("value", ["SE", "se", "Sweden", "sweden"])
def test_country_filter_matches_code_or_name(value):
    SessionFactory(service="Linköping", ip_address="89.160.20.1")
    SessionFactory(service="London", ip_address="81.2.69.160")

    assert matching(country=value) == ["Linköping"]


def test_os_filter_matches_family():
    SessionFactory(service="Windows")
    SessionFactory(
        service="Android",
        user_agent="Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
    )

    assert matching(os="android") == ["Android"]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("81.2.69.160", ["A"]),
        (" 81.2.69.160 ", ["A"]),
        ("::ffff:81.2.69.160", ["A"]),
        ("81.2.69.0/24", ["A", "B"]),
        ("81.2.69.161/24", ["A", "B"]),
        ("81.0.0.0/8", ["A", "B"]),
        ("0.0.0.0/0", ["A", "B", "C"]),
        ("2001:480::1", ["D"]),
        ("2001:480::/32", ["D", "E"]),
        ("2001:0480:0000::/48", ["D", "E"]),
        ("2001:481::/32", []),
        ("10.0.0.1", []),
    ],
)
def test_ip_filter_matches_address_or_network(value, expected):
    SessionFactory(service="A", ip_address="81.2.69.160")
    SessionFactory(service="B", ip_address="81.2.69.1")
    SessionFactory(service="C", ip_address="89.160.20.1")
    SessionFactory(service="D", ip_address="2001:480::1")
    SessionFactory(service="E", ip_address="2001:480:0:ffff::1")
    SessionFactory(service="F", ip_address=None)

    assert matching(ip=value) == expected


@pytest.mark.parametrize(
    "value",
    ["not-an-address", "81.2.69", "81.2.69.0/33", "2001:480::/129", "1.2.3.4/x", "::g"],
)
def test_ip_filter_rejects_invalid_value(value):
    assert errors(ip=value) == {"ip": [IP_ERROR]}


def create_at(service, moment):
    """Create a session created and updated at ``moment``."""
    session = SessionFactory(service=service, created_at=moment)
    Session.objects.filter(pk=session.pk).update(updated_at=moment)
    return session


@pytest.fixture
def sessions_around_days():
    """Sessions just outside and just inside 10 to 11 March 2024 in Stockholm."""
    create_at("before", local_time(2024, 3, 9, 23, 59, 59))
    create_at("first", local_time(2024, 3, 10, 0, 0, 0))
    create_at("last", local_time(2024, 3, 11, 23, 59, 59, 999999))
    create_at("after", local_time(2024, 3, 12, 0, 0, 0))


@pytest.mark.parametrize("prefix", ["created", "updated"])
def test_day_range_includes_both_ends(prefix, sessions_around_days):
    params = {f"{prefix}_from": "2024-03-10", f"{prefix}_to": "2024-03-11"}

    with timezone.override(STOCKHOLM):
        result = matching(**params)

    assert result == ["first", "last"]


def test_day_range_uses_current_time_zone(sessions_around_days):
    with timezone.override(ZoneInfo("UTC")):
        result = matching(created_from="2024-03-10", created_to="2024-03-11")

    # 00:00 on 12 March in Stockholm is 23:00 on 11 March in UTC.
    assert result == ["after", "last"]


def test_day_range_with_one_end_is_open(sessions_around_days):
    with timezone.override(STOCKHOLM):
        assert matching(created_from="2024-03-11") == ["after", "last"]
        assert matching(created_to="2024-03-09") == ["before"]


def test_day_range_of_one_day(sessions_around_days):
    with timezone.override(STOCKHOLM):
        result = matching(created_from="2024-03-10", created_to="2024-03-10")

    assert result == ["first"]


def test_day_range_spans_a_daylight_saving_change():
    # Stockholm moved its clocks from 02:00 to 03:00 on 31 March 2024.
    create_at("night", local_time(2024, 3, 31, 23, 30))
    create_at("next", local_time(2024, 4, 1, 0, 0))

    with timezone.override(STOCKHOLM):
        result = matching(created_from="2024-03-31", created_to="2024-03-31")

    assert result == ["night"]


@pytest.mark.parametrize("prefix", ["created", "updated"])
def test_day_range_rejects_start_after_end(prefix):
    params = {f"{prefix}_from": "2024-03-11", f"{prefix}_to": "2024-03-10"}

    assert errors(**params) == {
        f"{prefix}_to": ["The end date must not be before the start date."]
    }


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("created_from", "2024-13-01", ISO_DATE_MESSAGE),
        ("created_to", "yesterday", ISO_DATE_MESSAGE),
        ("updated_from", "2024-02-30", ISO_DATE_MESSAGE),
        ("created_from", "12/31/2025", ISO_DATE_MESSAGE),
        ("created_from", "2026-1-5", ISO_DATE_MESSAGE),
        ("updated_to", "20260105", ISO_DATE_MESSAGE),
        ("updated_to", "２０２６-01-05", ISO_DATE_MESSAGE),
        (
            "updated_to",
            "1899-12-31",
            "Ensure this value is greater than or equal to 1900-01-01.",
        ),
        (
            "created_to",
            "9999-12-31",
            "Ensure this value is less than or equal to 9999-12-30.",
        ),
    ],
)
def test_day_filters_reject_invalid_dates(field, value, message):
    assert errors(**{field: value}) == {field: [message]}


def test_day_range_at_the_latest_day_runs():
    SessionFactory()

    with timezone.override(ZoneInfo("Pacific/Kiritimati")):
        result = matching(created_from="1900-01-01", created_to="9999-12-30")

    assert result == ["Mail"]


@pytest.mark.parametrize(
    "query",
    ["London", "lon", "united kingdom", "GB", "81.2.69.160", "Calendar", "cal", "ada"],
)
def test_search_matches_city_country_address_service_or_username(query):
    SessionFactory(
        service="Calendar",
        ip_address="81.2.69.160",
        user=UserFactory(username="ada"),
    )
    SessionFactory(service="Wiki", ip_address="89.160.20.1")

    assert matching(q=query) == ["Calendar"]


def test_search_matches_exact_session_id():
    session = SessionFactory(service="Calendar")
    SessionFactory(service="Wiki")

    assert matching(q=session.session_id) == ["Calendar"]
    assert matching(q=session.session_id[:-1]) == []


def test_filters_combine():
    ada = UserFactory(username="ada")
    SessionFactory(user=ada, service="Mail", ip_address="81.2.69.160")
    SessionFactory(user=ada, service="Mail", ip_address="89.160.20.1")
    SessionFactory(user=ada, service="Wiki", ip_address="81.2.69.160")

    assert matching(user="ada", service="Mail", country="GB") == ["Mail"]


@pytest.mark.parametrize("field", ["q", "user", "service", "country", "os", "ip"])
def test_text_filters_reject_overlong_value(field):
    assert errors(**{field: "x" * 255}) == {
        field: ["Ensure this value has at most 254 characters (it has 255)."]
    }


@pytest.mark.parametrize("field", ["q", "user", "country", "ip"])
def test_text_filters_reject_null_characters(field):
    assert errors(**{field: "ada\x00"}) == {field: ["Null characters are not allowed."]}


def test_errors_leave_valid_filters_applied():
    SessionFactory(service="Mail")
    SessionFactory(service="Wiki")

    filterset = SessionFilterSet(
        {"service": "Wiki", "ip": "nonsense"}, queryset=Session.objects.all()
    )

    assert not filterset.is_valid()
    assert list(filterset.qs.values_list("service", flat=True)) == ["Wiki"]


def test_updated_to_matches_sessions_created_days_before():
    session = create_at("long", local_time(2024, 3, 1, 9, 0))
    Session.objects.filter(pk=session.pk).update(updated_at=local_time(2024, 3, 3, 9))

    with timezone.override(STOCKHOLM):
        assert matching(updated_from="2024-03-03", updated_to="2024-03-03") == ["long"]
        assert matching(updated_to="2024-03-02") == []


@pytest.mark.parametrize("max_listed", [1, 1000])
def test_search_matches_users_listed_or_not(monkeypatch, max_listed):
    monkeypatch.setattr(filters, "MAX_LISTED_USERS", max_listed)
    SessionFactory(service="Mail", user=UserFactory(username="ada"))
    SessionFactory(service="Wiki", user=UserFactory(username="adam"))
    SessionFactory(service="Chat", user=UserFactory(username="grace"))

    assert matching(q="ada") == ["Mail", "Wiki"]
    assert matching(user="ADAM") == ["Wiki"]
