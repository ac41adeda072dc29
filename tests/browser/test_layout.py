"""The layout of the staff pages and My sessions on a laptop and on a phone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sessions_app.models import Session
from sessions_app.services.demo_data import create_demo_sessions
from tests.browser.conftest import sign_in
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}
SIZES = {"1366": LAPTOP, "390": PHONE}
ALL_REASONS = "new_country,new_device,impossible_travel,many_countries"
ADMIN_ADDRESSES = ["89.160.20.115", "81.2.69.160", "2.125.160.216"]


@pytest.fixture
def console_data(bundled_geolocation_database):
    """Demo sessions of many users, and an administrator with twelve sessions of
    their own. The admin's sessions from 81.2.69.160 and the newest demo session are
    unusual for every reason."""
    create_demo_sessions(count=300, user_count=12, seed=7)
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    now = timezone.now()
    for hours in range(12):
        SessionFactory(
            user=admin,
            ip_address=ADMIN_ADDRESSES[hours % len(ADMIN_ADDRESSES)],
            created_at=now - datetime.timedelta(hours=hours + 1),
        )
    Session.objects.filter(user=admin, ip_address="81.2.69.160").update(
        is_unusual=True, unusual_reasons=ALL_REASONS
    )
    first = Session.objects.exclude(user=admin).order_by("-created_at").first()
    Session.objects.filter(pk=first.pk).update(
        is_unusual=True, unusual_reasons=ALL_REASONS
    )
    return admin


def open_page(new_page, live_server, size, path):
    page = new_page(**SIZES[size])
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}{path}")
    return page


def scroll_box(page, selector):
    """Return the client and scroll sizes of the first element the selector finds."""
    return page.locator(selector).first.evaluate(
        "box => ({clientHeight: box.clientHeight, scrollHeight: box.scrollHeight,"
        " clientWidth: box.clientWidth, scrollWidth: box.scrollWidth})"
    )


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("size", SIZES)
def test_session_list_layout(
    live_server, new_page, save_screenshot, console_data, size
):
    page = open_page(new_page, live_server, size, "/sessions/")
    save_screenshot(page, f"layout-list-{size}")

    table = scroll_box(page, ".table-scroll")
    assert table["scrollHeight"] <= table["clientHeight"] + 1
    assert page_width(page) <= int(size)
    last_row = page.locator("tbody tr").last.bounding_box()
    pagination = page.locator(".pagination").bounding_box()
    assert last_row["y"] + last_row["height"] <= pagination["y"]


def test_session_list_shows_every_column_on_a_laptop(
    live_server, new_page, console_data
):
    page = open_page(new_page, live_server, "1366", "/sessions/")

    table = scroll_box(page, ".table-scroll")
    assert table["scrollWidth"] <= table["clientWidth"]
    badge = page.locator("td .badge-unusual").first
    badge_box = badge.bounding_box()
    for reason in badge.locator(".badge-reason").all():
        box = reason.bounding_box()
        assert box["x"] + box["width"] <= badge_box["x"] + badge_box["width"]
        assert box["y"] + box["height"] <= badge_box["y"] + badge_box["height"]


def test_phone_cards_line_up_labels(live_server, new_page, console_data):
    page = open_page(new_page, live_server, "390", "/sessions/")

    for cell in page.locator("tbody tr").first.locator("td").all():
        if cell.is_visible():
            assert cell.bounding_box()["height"] >= 30, cell.get_attribute("data-label")


@pytest.mark.parametrize("size", SIZES)
def test_session_detail_layout(
    live_server, new_page, save_screenshot, console_data, size
):
    session = Session.objects.filter(user=console_data).first()
    page = open_page(new_page, live_server, size, f"/sessions/{session.session_id}/")
    save_screenshot(page, f"layout-detail-{size}")

    recent = scroll_box(page, "#heading-recent + .table-scroll")
    assert recent["scrollHeight"] <= recent["clientHeight"] + 1
    assert page_width(page) <= int(size)


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_layout(live_server, new_page, save_screenshot, console_data, size):
    page = open_page(new_page, live_server, size, "/dashboard/?period=90")
    expect(page.locator("#chart-sessions-per-day")).to_be_visible()
    save_screenshot(page, f"layout-dashboard-{size}")

    per_day = scroll_box(page, "#per-day-table-title + .day-table-scroll")
    assert per_day["clientHeight"] <= 320
    assert per_day["scrollWidth"] <= per_day["clientWidth"]
    assert page_width(page) <= int(size)
    for header in page.locator(".chart-grid thead th, .card thead th").all():
        expect(header).to_be_visible()


@pytest.mark.parametrize("size", SIZES)
def test_my_sessions_layout(live_server, new_page, save_screenshot, console_data, size):
    page = open_page(new_page, live_server, size, "/my-sessions/")
    save_screenshot(page, f"layout-my-sessions-{size}")

    assert page_width(page) <= int(size)
