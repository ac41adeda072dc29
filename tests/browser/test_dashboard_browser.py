"""The dashboard in a real browser: Debian's Chromium driven by Playwright."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from sessions_app.models import Session
from tests.browser.conftest import sign_in
from tests.factories import SessionFactory, UserFactory

CHARTS = ["sessions-per-day", "unusual-per-day", "top-countries", "top-services"]
PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def analyst():
    user = UserFactory(username="analyst")
    user.user_permissions.add(
        Permission.objects.get(
            codename="view_session", content_type__app_label="sessions_app"
        )
    )
    return user


@pytest.fixture
def recent_sessions():
    """Store sessions over the last days, two of them unusual."""
    now = timezone.now()
    for days, service, address in [
        (0, "Mail", "81.2.69.160"),
        (1, "Mail", "81.2.69.160"),
        (1, "Wiki", "89.160.20.115"),
        (3, "Payroll", "175.16.199.1"),
        (6, "Mail", "216.160.83.56"),
    ]:
        SessionFactory(
            created_at=now - timedelta(days=days), service=service, ip_address=address
        )
    Session.objects.filter(service__in=["Wiki", "Payroll"]).update(
        is_unusual=True, unusual_reasons="new_country"
    )


def record_console_error(message, errors):
    """Keep the console errors of a page, such as a missing favicon."""
    if message.type == "error":
        errors.append(f"{message.text} {message.location.get('url', '')}")


def open_dashboard(page, base_url):
    sign_in(page, base_url, "analyst", PASSWORD)
    page.goto(f"{base_url}/dashboard/?period=7")


def chart_values(page, chart):
    return page.evaluate(
        "id => Chart.getChart(document.getElementById(id)).data.datasets[0].data",
        f"chart-{chart}",
    )


def test_dashboard_draws_its_charts(
    live_server, new_page, save_screenshot, analyst, recent_sessions
):
    errors = []
    page = new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: record_console_error(message, errors))

    open_dashboard(page, live_server.url)
    page.wait_for_function(
        "ids => ids.every(id => Chart.getChart(document.getElementById(id)))",
        arg=[f"chart-{chart}" for chart in CHARTS],
    )
    save_screenshot(page, "dashboard")
    per_day = chart_values(page, "sessions-per-day")
    unusual = chart_values(page, "unusual-per-day")
    services = chart_values(page, "top-services")
    heights = [
        page.locator(f"#chart-{chart}").bounding_box()["height"] for chart in CHARTS
    ]

    assert errors == []
    # Today has the analyst's own sign-in besides the stored session.
    assert per_day == [1, 0, 0, 1, 0, 2, 2]
    assert unusual == [0, 0, 0, 1, 0, 1, 0]
    assert services == [3, 1, 1, 1]
    assert all(height > 100 for height in heights)
