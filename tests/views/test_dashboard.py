import json
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from sessions_app.models import Session
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("sessions_app:dashboard")
TODAY = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """Make today 20 March 2026, so preset periods cover known days."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: TODAY)


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(
            codename="view_session", content_type__app_label="sessions_app"
        )
    )
    client.force_login(user)
    return user


def days_ago(days, hour=9):
    return (TODAY - timedelta(days=days)).replace(hour=hour)


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={URL}"


def test_user_without_permission_is_forbidden(client):
    client.force_login(UserFactory())

    assert client.get(URL).status_code == 403


def test_staff_without_permission_is_forbidden(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(URL).status_code == 403


def test_superuser_may_see_the_dashboard(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get(URL).status_code == 200


def test_nav_links_the_dashboard_for_permitted_users(client, staff):
    response = client.get(reverse("sessions_app:home"))

    assert f'href="{URL}"' in response.content.decode()


def test_nav_hides_the_dashboard_from_others(client):
    client.force_login(UserFactory())

    response = client.get(reverse("sessions_app:home"))

    assert f'href="{URL}"' not in response.content.decode()


def test_dashboard_counts_the_default_period(client, staff):
    SessionFactory(created_at=days_ago(0), service="Mail")
    SessionFactory(created_at=days_ago(0), service="Wiki", ip_address="89.160.20.115")
    SessionFactory(created_at=days_ago(29), service="Mail")
    SessionFactory(created_at=days_ago(30), service="Calendar")
    Session.objects.filter(service="Wiki").update(
        is_unusual=True, unusual_reasons="new_country"
    )

    response = client.get(URL)

    assert response.status_code == 200
    context = response.context
    assert context["start"].isoformat() == "2026-02-19"
    assert context["end"].isoformat() == "2026-03-20"
    assert context["totals"] == {"sessions": 3, "unusual": 1, "users": 3}
    assert [(e.label, e.sessions) for e in context["services"]] == [
        ("Mail", 2),
        ("Wiki", 1),
    ]
    assert [(e.label, e.sessions) for e in context["countries"]] == [
        ("United Kingdom", 2),
        ("Sweden", 1),
    ]


def test_dashboard_embeds_the_chart_data(client, staff):
    SessionFactory(created_at=days_ago(1), service="Mail")

    response = client.get(URL, {"period": "7"})

    html = response.content.decode()
    start = html.index('<script id="dashboard-data" type="application/json">')
    payload = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    data = json.loads(payload)
    assert data["days"]["labels"] == [
        "14 Mar",
        "15 Mar",
        "16 Mar",
        "17 Mar",
        "18 Mar",
        "19 Mar",
        "20 Mar",
    ]
    assert data["days"]["sessions"] == [0, 0, 0, 0, 0, 1, 0]
    assert data["days"]["unusual"] == [0] * 7
    assert data["services"] == {"labels": ["Mail"], "sessions": [1]}


def test_dashboard_draws_four_charts_with_tables(client, staff):
    SessionFactory(created_at=days_ago(1))

    html = client.get(URL).content.decode()

    for chart in [
        "sessions-per-day",
        "unusual-per-day",
        "top-countries",
        "top-services",
    ]:
        assert f'<canvas id="chart-{chart}" role="img" aria-label="' in html
    assert html.count('<table class="data-table">') == 3
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "js/dashboard.js" in html


def test_custom_dates_replace_the_preset(client, staff):
    SessionFactory(created_at=days_ago(40))

    response = client.get(
        URL, {"period": "7", "start": "2026-02-01", "end": "2026-02-10"}
    )

    assert len(response.context["days"]) == 10
    assert response.context["totals"]["sessions"] == 1


def test_earliest_accepted_day_shows_the_dashboard(client, staff):
    response = client.get(URL, {"start": "1970-01-02", "end": "1970-01-03"})

    assert response.context["form"].is_valid()
    assert len(response.context["days"]) == 2


@pytest.mark.parametrize(
    "query, message",
    [
        (
            {"period": "365"},
            "Select a valid choice. 365 is not one of the available choices.",
        ),
        (
            {"start": "2026-13-01", "end": "2026-03-01"},
            "Enter a date as YYYY-MM-DD, such as 2026-01-05.",
        ),
        (
            {"start": "02/01/2026", "end": "2026-03-01"},
            "Enter a date as YYYY-MM-DD, such as 2026-01-05.",
        ),
        (
            {"start": "2026-02-01", "end": "2026-3-1"},
            "Enter a date as YYYY-MM-DD, such as 2026-01-05.",
        ),
        (
            {"start": "2026-03-10", "end": "2026-03-01"},
            "The start date is after the end date.",
        ),
        (
            {"start": "2026-03-01"},
            "Enter both dates, or neither to use the preset period.",
        ),
        (
            {"end": "2026-03-01"},
            "Enter both dates, or neither to use the preset period.",
        ),
        (
            {"start": "2026-03-01", "end": "2026-03-21"},
            "The end date is in the future.",
        ),
        (
            {"start": "2024-01-01", "end": "2026-03-01"},
            "Choose a period of at most 366 days.",
        ),
        (
            {"start": "0001-01-01", "end": "0001-01-02"},
            "Enter dates from 1970-01-02 onwards.",
        ),
        (
            {"start": "1970-01-01", "end": "1970-01-05"},
            "Enter dates from 1970-01-02 onwards.",
        ),
        (
            {"start": "x" * 5000, "end": "2026-03-01"},
            "Enter a date as YYYY-MM-DD, such as 2026-01-05.",
        ),
    ],
)
def test_bad_period_shows_a_form_error(client, staff, query, message):
    response = client.get(URL, query)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Correct the period above to see the charts." in response.content.decode()
    assert "chart_data" not in response.context


def test_empty_period_shows_an_empty_dashboard(client, staff):
    response = client.get(URL, {"period": "90"})

    assert response.status_code == 200
    assert response.context["totals"] == {"sessions": 0, "unusual": 0, "users": 0}
    assert "No sessions in this period." in response.content.decode()
