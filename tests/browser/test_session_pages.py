import csv
import datetime
import re

import pytest
from playwright.sync_api import expect

from sessions_app.models import Session
from tests.browser.conftest import sign_in
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"

USER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.2 Safari/605.1.15",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
]
SERVICES = ["Mail", "Calendar", "Wiki", "Payroll", "Chat"]
OTHER_ADDRESSES = ["81.2.69.160", "2.125.160.216", "216.160.83.56", "2001:480::7"]
HOUR_AND_A_HALF = datetime.timedelta(minutes=90)
NAMES = ["ada", "grace", "linus", "margaret", "barbara", "ken", "radia"]


def utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


@pytest.fixture
def sessions_in_march():
    """Sessions of several users: 30 in Sweden on 10 and 11 March 2024, 10 in Sweden
    just outside those days and 24 elsewhere."""
    users = [UserFactory(username=name) for name in NAMES]

    def create(index, ip_address, created_at):
        SessionFactory(
            user=users[index % len(users)],
            service=SERVICES[index % len(SERVICES)],
            user_agent=USER_AGENTS[index % len(USER_AGENTS)],
            ip_address=ip_address,
            created_at=created_at,
        )

    for index in range(30):
        create(index, "89.160.20.112", utc(2024, 3, 10, 0, 5) + index * HOUR_AND_A_HALF)
    for index in range(4):
        create(index, "89.160.20.112", utc(2024, 3, 9, 20 + index))
    for index in range(6):
        create(index, "89.160.20.112", utc(2024, 3, 12, 1 + index))
    for index in range(24):
        address = OTHER_ADDRESSES[index % len(OTHER_ADDRESSES)]
        create(index, address, utc(2024, 3, 8, 9) + index * HOUR_AND_A_HALF)


@pytest.fixture
def administrator():
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def column_texts(page, label):
    return page.locator(f'td[data-label="{label}"]').all_inner_texts()


def test_administrator_filters_sorts_pages_and_exports(
    live_server, new_page, save_screenshot, administrator, sessions_in_march
):
    page = new_page(viewport={"width": 1440, "height": 900})
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.get_by_role("link", name="Sessions", exact=True).click()
    expect(page.get_by_role("heading", name="Sessions")).to_be_visible()
    save_screenshot(page, "list")

    # Filter by country and by a date range.
    page.locator("summary", has_text="Filters").click()
    page.get_by_label("Country").fill("Sweden")
    page.get_by_label("Created from").fill("2024-03-10")
    page.get_by_label("Created to").fill("2024-03-11")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#match-count")).to_have_text("1–25 of 30 sessions")
    assert set(column_texts(page, "Location")) == {"Linköping, Sweden SE"}

    # Sort by user, keeping the filters.
    page.get_by_role("link", name="User", exact=True).click()
    expect(page.locator('th[aria-sort="ascending"]')).to_have_text("User")
    users = column_texts(page, "User")
    assert users == sorted(users)
    assert "country=Sweden" in page.url
    assert "sort=user" in page.url

    # Go to the second page.
    page.get_by_role("link", name="Next").click()
    expect(page.locator(".page-status")).to_have_text("Page 2 of 2")
    expect(page.locator("#match-count")).to_have_text("26–30 of 30 sessions")
    assert len(column_texts(page, "User")) == 5
    assert "sort=user" in page.url

    # Open a session.
    page.locator("td.session-id a").first.click()
    expect(page.get_by_role("heading", name=re.compile(" session of "))).to_be_visible()
    expect(page.get_by_text("Linköping", exact=True)).to_be_visible()
    save_screenshot(page, "detail")
    page.go_back()

    # Download the export and read it back.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))

    assert re.fullmatch(r"sessions-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    assert len(rows) == 30
    assert {row["Country"] for row in rows} == {"Sweden"}
    assert {row["Created at"][:10] for row in rows} == {"2024-03-10", "2024-03-11"}
    usernames = [row["Username"] for row in rows]
    assert usernames == sorted(usernames)
    expected = Session.objects.filter(
        country_code="SE",
        created_at__gte=utc(2024, 3, 10),
        created_at__lt=utc(2024, 3, 12),
    )
    assert {row["Session id"].removeprefix("'") for row in rows} == set(
        expected.values_list("session_id", flat=True)
    )


def test_list_is_readable_on_a_phone(
    live_server, new_page, save_screenshot, administrator, sessions_in_march
):
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    sign_in(page, live_server.url, "admin", PASSWORD)

    page.goto(f"{live_server.url}/sessions/?country=SE&per_page=25")
    save_screenshot(page, "list-mobile")

    first_row = page.locator("tbody tr").first
    assert first_row.bounding_box()["width"] <= 390
    expect(first_row.locator('td[data-label="Location"]')).to_contain_text("Sweden")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390
