import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import Session
from sessions_app.services.sign_in import SESSION_ID_KEY
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:sessions_app_session_changelist")
# Queries of one changelist page, whatever the number of rows. They read the Django
# session, the user, the count and the rows joined with their users. Then the date
# hierarchy reads the first and last dates and the dates, and three filters read the
# choices of service, continent and country.
CHANGELIST_MAX_QUERIES = 9


@pytest.fixture
def admin_client(client, admin_user):
    """A client signed in as a superuser, without the session its sign-in records."""
    client.force_login(admin_user)
    Session.objects.filter(user=admin_user).delete()
    django_session = client.session
    del django_session[SESSION_ID_KEY]
    django_session.save()
    return client


@pytest.fixture
def london_mail():
    """A Mail session from London on 15 March 2024."""
    return SessionFactory(
        user=UserFactory(username="alice.smith"),
        service="Mail",
        ip_address="81.2.69.160",
        created_at=datetime(2024, 3, 15, 9, 30, tzinfo=UTC),
    )


@pytest.fixture
def changchun_calendar():
    """A Calendar session from Changchun on 2 November 2023."""
    return SessionFactory(
        user=UserFactory(username="bob.chen"),
        service="Calendar",
        ip_address="175.16.199.1",
        user_agent="Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36",
        created_at=datetime(2023, 11, 2, 14, 0, tzinfo=UTC),
    )


@pytest.fixture
def two_sessions(london_mail, changchun_calendar):
    return london_mail, changchun_calendar


def listed(admin_client, params=None):
    """Return the sessions a changelist request lists, checking it renders."""
    response = admin_client.get(CHANGELIST_URL, params or {})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_changelist_shows_session_columns(admin_client, london_mail):
    response = admin_client.get(CHANGELIST_URL)

    content = response.content.decode()
    assert response.status_code == 200
    for text in [
        london_mail.session_id,
        "alice.smith",
        "Mail",
        "Windows 10",
        "81.2.69.160",
        "United Kingdom",
        "London",
    ]:
        assert text in content


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"service": "Mail"}, ["london"]),
        ({"service": "Calendar"}, ["changchun"]),
        ({"continent": "AS"}, ["changchun"]),
        ({"continent": "EU"}, ["london"]),
        ({"country": "GB"}, ["london"]),
        ({"country": "CN"}, ["changchun"]),
        (
            {
                "created_at__gte": "2024-03-01 00:00:00+00:00",
                "created_at__lt": "2024-04-01 00:00:00+00:00",
            },
            ["london"],
        ),
        ({"created_at__year": "2023"}, ["changchun"]),
        ({"created_at__year": "2024", "created_at__month": "3"}, ["london"]),
        (
            {
                "created_at__year": "2024",
                "created_at__month": "3",
                "created_at__day": "15",
            },
            ["london"],
        ),
        ({"created_at__year": "2024", "created_at__month": "4"}, []),
    ],
)
def test_changelist_filters(admin_client, two_sessions, params, expected):
    sessions = dict(zip(["london", "changchun"], two_sessions, strict=True))

    assert listed(admin_client, params) == [sessions[name] for name in expected]


def test_changelist_filters_past_seven_days(admin_client, two_sessions):
    recent = SessionFactory(created_at=timezone.now() - timedelta(days=2))
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    params = {
        "created_at__gte": str(today - timedelta(days=7)),
        "created_at__lt": str(today + timedelta(days=1)),
    }

    assert listed(admin_client, params) == [recent]


def test_changelist_offers_filter_choices(admin_client, two_sessions):
    content = admin_client.get(CHANGELIST_URL).content.decode()

    for choice in ["?service=Mail", "?continent=AS", "?country=CN"]:
        assert choice in content
    assert "created_at__year=2024" in content


@pytest.mark.parametrize(
    "search, expected",
    [
        ("alice.smith", ["london"]),
        ("bob", ["changchun"]),
        ("81.2.69.160", ["london"]),
        ("::ffff:175.16.199.1", ["changchun"]),
        (" 175.16.199.1 ", ["changchun"]),
        ("81.2.69.161", []),
        ("81.2.69.0/24", ["london"]),
    ],
)
def test_changelist_search(admin_client, two_sessions, search, expected):
    sessions = dict(zip(["london", "changchun"], two_sessions, strict=True))

    assert listed(admin_client, {"q": search}) == [sessions[n] for n in expected]


def test_changelist_search_by_session_id(admin_client, two_sessions):
    london, changchun = two_sessions

    assert listed(admin_client, {"q": changchun.session_id}) == [changchun]
    assert listed(admin_client, {"q": london.session_id[:-1]}) == []


@pytest.mark.parametrize(
    "search",
    ["81.2.69", "999.1.2.3", "London' OR 1=1 --", "\u202e", "a" * 500],
)
def test_changelist_search_without_address_renders(admin_client, two_sessions, search):
    assert listed(admin_client, {"q": search}) == []


def changelist_queries(admin_client):
    with CaptureQueriesContext(connection) as context:
        listed(admin_client)
    return len(context.captured_queries)


def test_changelist_queries_do_not_grow_with_rows(
    admin_client, django_assert_max_num_queries
):
    SessionFactory.create_batch(3)
    # The first view fills the cached filter choices; later views read them.
    listed(admin_client)
    few = changelist_queries(admin_client)
    SessionFactory.create_batch(40)

    with django_assert_max_num_queries(CHANGELIST_MAX_QUERIES):
        many = listed(admin_client)

    assert len(many) == 43
    assert changelist_queries(admin_client) == few


def test_change_page_is_read_only(admin_client, london_mail):
    url = reverse("admin:sessions_app_session_change", args=[london_mail.pk])

    response = admin_client.get(url)

    content = response.content.decode()
    assert response.status_code == 200
    assert london_mail.session_id in content
    assert "London" in content
    for field in Session._meta.fields:
        assert f'name="{field.name}"' not in content, field.name
    assert 'name="_save"' not in content


def test_change_page_rejects_edits(admin_client, london_mail):
    url = reverse("admin:sessions_app_session_change", args=[london_mail.pk])

    response = admin_client.post(url, {"service": "Chat", "ip_address": "10.0.0.1"})

    london_mail.refresh_from_db()
    assert response.status_code == 403
    assert london_mail.service == "Mail"
    assert london_mail.ip_address == "81.2.69.160"


def test_add_page_is_forbidden(admin_client):
    response = admin_client.get(reverse("admin:sessions_app_session_add"))

    assert response.status_code == 403


def test_changelist_has_no_add_link(admin_client, london_mail):
    content = admin_client.get(CHANGELIST_URL).content.decode()

    assert reverse("admin:sessions_app_session_add") not in content


@pytest.mark.parametrize(
    "params",
    [
        {"ip_address": "abc"},
        {"ip_address__in": "abc,def"},
        {"ip_address": "81.2.69.160"},
        {"city": "London"},
        {"user_agent__contains": "Chrome"},
        {"session_id": "abc"},
        {"user__username": "alice.smith"},
        {"ended_at__isnull": "True"},
    ],
)
def test_changelist_rejects_lookups_outside_its_filters(
    admin_client, two_sessions, params
):
    response = admin_client.get(CHANGELIST_URL, params)

    assert response.status_code == 400


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"is_unusual__exact": "0"}, ["london", "changchun"]),
        ({"is_unusual__exact": "1"}, []),
        ({"created_at__year": "2023"}, ["changchun"]),
        ({"service": "Mail", "country": "GB"}, ["london"]),
    ],
)
def test_changelist_accepts_its_own_filters(
    admin_client, two_sessions, params, expected
):
    sessions = dict(zip(["london", "changchun"], two_sessions, strict=True))

    assert listed(admin_client, params) == [sessions[name] for name in expected]


@pytest.mark.parametrize(
    "params",
    [{"created_at__gte": "yesterday"}, {"is_unusual__exact": "maybe"}],
)
def test_changelist_flags_invalid_filter_values(admin_client, two_sessions, params):
    response = admin_client.get(CHANGELIST_URL, params)

    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST_URL}?e=1"


def test_changelist_filter_choices_all_have_labels(admin_client, two_sessions):
    SessionFactory(ip_address="10.0.0.1", service="Mail")

    content = admin_client.get(CHANGELIST_URL).content.decode()

    links = re.findall(r'<a href="(\?[^"]*)"[^>]*>\s*([^<]*?)\s*</a>', content)
    assert ("?continent=-", "Unknown") in links
    assert ("?country=-", "Unknown") in links
    assert [query for query, label in links if not label and "o=" not in query] == []
