import datetime as dt
import re

import pytest
from django.utils import timezone

from sessions_app.models import Session
from tests.browser.conftest import sign_in
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
LAPTOP = {
    "viewport": {"width": 1280, "height": 800},
    "user_agent": (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
    ),
}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1"
    ),
}


def create_history(user):
    """Give the user earlier sessions from other services and places."""
    now = timezone.now()
    calendar = SessionFactory(
        user=user,
        service="Calendar",
        ip_address="2001:480::1",
        user_agent="Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 "
        "Firefox/133.0",
        created_at=now - dt.timedelta(hours=5),
    )
    mail = SessionFactory(
        user=user,
        service="Mail",
        ip_address="89.160.20.112",
        created_at=now - dt.timedelta(days=2),
        ended_at=now - dt.timedelta(days=1, hours=20),
    )
    wiki = SessionFactory(
        user=user,
        service="Wiki",
        ip_address="81.2.69.160",
        user_agent="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
        "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
        created_at=now - dt.timedelta(days=20),
        expires_at=now - dt.timedelta(days=6),
    )
    # Saving always sets updated_at to now; give each session a believable one.
    for session, idle in ((calendar, 2), (mail, 46), (wiki, 14 * 24 + 3)):
        Session.objects.filter(pk=session.pk).update(
            updated_at=now - dt.timedelta(hours=idle)
        )


def text_of(locator):
    """Return the visible text of an element with its whitespace collapsed."""
    return " ".join(locator.inner_text().split())


def session_card(page, heading):
    return page.locator(".session-card").filter(
        has=page.get_by_role("heading", name=heading)
    )


def sign_in_on_phone_and_laptop(live_server, new_page, username):
    """Create a user with a history and sign them in on a phone, then a laptop."""
    create_history(UserFactory(username=username))
    laptop = new_page(**LAPTOP)
    phone = new_page(**PHONE)
    sign_in(phone, live_server.url, username, PASSWORD)
    sign_in(laptop, live_server.url, username, PASSWORD)
    return laptop, phone


def test_user_signs_out_other_browser(live_server, new_page, save_screenshot):
    laptop, phone = sign_in_on_phone_and_laptop(live_server, new_page, "grace")

    # The laptop sees both browsers, and only itself marked as this browser.
    laptop.goto(f"{live_server.url}/my-sessions/")
    current_card = laptop.locator(".session-current")
    phone_card = session_card(laptop, "Mobile Safari on iOS 17.2")
    assert current_card.get_by_role("heading").inner_text() == "Chrome on Windows 10"
    assert text_of(current_card.locator(".badge-current")) == "✓ This browser"
    assert text_of(phone_card.locator(".badge-active")) == "● Active"
    assert laptop.locator(".badge-current").count() == 1
    session_cookie = next(
        cookie["value"]
        for cookie in laptop.context.cookies()
        if cookie["name"] == "sessionid"
    )
    assert session_cookie not in laptop.content()
    save_screenshot(laptop, "my-sessions")

    # The laptop signs the phone out.
    phone_card.get_by_role("button", name=re.compile("^Sign out")).click()
    laptop.wait_for_load_state()
    assert laptop.get_by_text("Signed out Mobile Safari on iOS 17.2.").is_visible()
    assert text_of(phone_card.locator(".badge-ended")) == "■ Ended"
    assert phone_card.get_by_role("button").count() == 0

    # The phone's next request lands on the sign-in page.
    phone.goto(f"{live_server.url}/my-sessions/")
    assert phone.url == (
        f"{live_server.url}/accounts/login/?next=/my-sessions/&signed_out=1"
    )
    assert phone.get_by_role("button", name="Sign in").is_visible()
    assert phone.get_by_text("This browser was signed out").is_visible()
    save_screenshot(phone, "sign-in-signed-out")
    save_screenshot(laptop, "my-sessions-signed-out")

    # Signed in again, the phone shows the page at phone width.
    phone.get_by_label("Username").fill("grace")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    phone.wait_for_load_state()
    assert phone.url == f"{live_server.url}/my-sessions/"
    save_screenshot(phone, "my-sessions-mobile")


def test_user_signs_out_all_other_sessions(live_server, new_page):
    laptop, phone = sign_in_on_phone_and_laptop(live_server, new_page, "lin")

    laptop.goto(f"{live_server.url}/my-sessions/")
    laptop.get_by_role("button", name="Sign out all other sessions").click()
    laptop.wait_for_load_state()

    assert laptop.get_by_text("Signed out 2 other sessions.").is_visible()
    assert laptop.get_by_role("button", name="Sign out all other sessions").count() == 0
    phone.goto(f"{live_server.url}/my-sessions/")
    assert phone.url.startswith(f"{live_server.url}/accounts/login/")
