import pytest

from tests.browser.conftest import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_page_signs_in_and_records_session(
    live_server, new_page, save_screenshot
):
    user = UserFactory(username="ada")
    page = new_page()

    page.goto(f"{live_server.url}/accounts/login/")
    save_screenshot(page, "sign-in")
    sign_in(page, live_server.url, "ada", "correct horse battery staple")

    assert page.url == f"{live_server.url}/"
    assert page.get_by_role("button", name="Sign out ada").is_visible()
    assert user.console_sessions.count() == 1
