import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore

from sessions_app.services.sign_in import (
    SESSION_ID_KEY,
    get_client_address,
    record_sign_in,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "remote_addr, expected",
    [
        ("81.2.69.160", "81.2.69.160"),
        (" 81.2.69.160 ", "81.2.69.160"),
        ("::ffff:81.2.69.160", "81.2.69.160"),
        ("2001:0480::0001", "2001:480::1"),
        ("", None),
        ("localhost", None),
        ("81.2.69.160:443", "81.2.69.160"),
    ],
)
def test_client_address_comes_from_remote_addr(rf, remote_addr, expected):
    request = rf.get("/", REMOTE_ADDR=remote_addr)

    assert get_client_address(request) == expected


def test_client_address_is_none_without_remote_addr(rf):
    request = rf.get("/")
    del request.META["REMOTE_ADDR"]

    assert get_client_address(request) is None


@pytest.mark.django_db
def test_sign_in_without_remote_addr_records_session(rf, settings):
    settings.CONSOLE_SERVICE_NAME = "Console under test"
    request = rf.post("/accounts/login/", HTTP_USER_AGENT="curl/8.4.0")
    del request.META["REMOTE_ADDR"]
    request.session = SessionStore()

    session = record_sign_in(request, UserFactory())

    assert session.pk is not None
    assert session.service == "Console under test"
    assert session.ip_address is None
    assert session.user_agent == "curl/8.4.0"
    assert request.session[SESSION_ID_KEY] == session.session_id
