import logging

import pytest
from django.urls import reverse

from sessions_app.models import Session
from sessions_app.services.sign_in import SESSION_ID_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
FIREFOX_ON_LINUX = (
    "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"
)


def sign_in(client, user, password=PASSWORD, **headers):
    return client.post(
        reverse("login"), {"username": user.username, "password": password}, **headers
    )


def test_sign_in_records_session(client, settings):
    settings.CONSOLE_SERVICE_NAME = "Console under test"
    user = UserFactory()

    response = sign_in(
        client, user, REMOTE_ADDR="81.2.69.160", HTTP_USER_AGENT=FIREFOX_ON_LINUX
    )

    assert response.status_code == 302
    session = Session.objects.get()
    assert session.user == user
    assert session.service == "Console under test"
    assert session.ip_address == "81.2.69.160"
    assert session.user_agent == FIREFOX_ON_LINUX
    assert session.city == "London"
    assert session.os == "Linux"
    assert client.session[SESSION_ID_KEY] == session.session_id


def test_each_sign_in_records_own_session(client):
    user = UserFactory()

    sign_in(client, user, REMOTE_ADDR="81.2.69.160")
    client.logout()
    sign_in(client, user, REMOTE_ADDR="2001:480::1")

    addresses = Session.objects.order_by("id").values_list("ip_address", flat=True)
    assert list(addresses) == ["81.2.69.160", "2001:480::1"]


def test_failed_sign_in_records_nothing(client):
    user = UserFactory()

    response = sign_in(client, user, password="wrong", REMOTE_ADDR="81.2.69.160")

    assert response.status_code == 200
    assert Session.objects.count() == 0


def test_sign_in_without_address_records_session(client):
    user = UserFactory()

    sign_in(client, user, REMOTE_ADDR="", HTTP_USER_AGENT=FIREFOX_ON_LINUX)

    session = Session.objects.get()
    assert session.ip_address is None
    assert session.country == ""
    assert session.os == "Linux"


@pytest.mark.parametrize(
    "remote_addr",
    ["not-an-address", "999.1.2.3", "81.2.69.160, 10.0.0.1", "81.2.69.160\x00"],
)
def test_sign_in_with_garbage_address_records_session(client, caplog, remote_addr):
    user = UserFactory()

    sign_in(client, user, REMOTE_ADDR=remote_addr)

    session = Session.objects.get()
    assert session.user == user
    assert session.ip_address is None
    security = [r for r in caplog.records if r.name == "sessions_app.security"]
    assert [r.levelno for r in security] == [logging.WARNING]
    assert security[0].getMessage() == f"Ignored invalid REMOTE_ADDR {remote_addr!r}"
