"""Fixtures for tests that drive the console in headless Chromium through Playwright.

Debian's ``chromium`` package provides the browser; Playwright's own browser download is
not used. Without the browser these tests skip, unless ``CONSOLE_REQUIRE_BROWSER=1``
(set by CI) turns the skip into a failure.
"""

import os
from pathlib import Path

import pytest

CHROMIUM_PATH = Path(os.environ.get("CONSOLE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "build" / "screenshots"

# Playwright's sync API runs an event loop in the test thread, which makes Django refuse
# ORM calls from that thread unless this is set.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium shared by every browser test."""
    if not CHROMIUM_PATH.exists():
        message = f"Chromium not found at {CHROMIUM_PATH}; apt-get install chromium"
        if os.environ.get("CONSOLE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Return a function that opens a page in a fresh browser context."""
    contexts = []

    def open_page(**context_options):
        context = browser.new_context(accept_downloads=True, **context_options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def save_screenshot():
    """Return a function that saves a full-page screenshot under build/screenshots."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    def save(page, name):
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


def sign_in(page, live_server_url, username, password):
    """Sign in through the console's sign-in form and wait for the next page."""
    page.goto(f"{live_server_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
