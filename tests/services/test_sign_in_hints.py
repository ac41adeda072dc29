"""A sign-in to the console records the client address and client hints."""

import pytest
from django.test import Client

from sessions_app.models import Session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WINDOWS_CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
)


def sign_in(remote_addr="81.2.69.160", **headers):
    UserFactory(username="alice")
    return Client(REMOTE_ADDR=remote_addr).post(
        "/accounts/login/",
        {"username": "alice", "password": "correct horse battery staple"},
        headers={"User-Agent": WINDOWS_CHROME, **headers},
    )


def test_sign_in_records_windows_11_from_hints():
    sign_in(
        **{"Sec-CH-UA-Platform": '"Windows"', "Sec-CH-UA-Platform-Version": '"15.0.0"'}
    )

    session = Session.objects.get()
    assert session.os == "Windows 11"
    assert session.ua_platform == "Windows"
    assert session.ua_platform_version == "15.0.0"


def test_sign_in_without_hints_keeps_the_user_agent_os():
    sign_in()

    assert Session.objects.get().os == "Windows 10"


def test_sign_in_ignores_invalid_hints():
    sign_in(
        **{"Sec-CH-UA-Platform": '"Windows"', "Sec-CH-UA-Platform-Version": "eleven"}
    )

    session = Session.objects.get()
    assert session.os == "Windows 10"
    assert session.ua_platform_version == ""


def test_sign_in_behind_trusted_proxy_records_the_client(settings):
    settings.CONSOLE_TRUSTED_PROXIES = ["10.0.0.0/8"]

    sign_in("10.0.0.1", **{"X-Forwarded-For": "6.6.6.6, 81.2.69.160"})

    session = Session.objects.get()
    assert session.ip_address == "81.2.69.160"
    assert session.city == "London"


def test_sign_in_ignores_forwarded_header_of_untrusted_peer(settings):
    settings.CONSOLE_TRUSTED_PROXIES = []

    sign_in("89.160.20.115", **{"X-Forwarded-For": "81.2.69.160"})

    assert Session.objects.get().ip_address == "89.160.20.115"


def test_sign_in_without_address_records_none():
    sign_in("")

    session = Session.objects.get()
    assert session.ip_address is None
    assert session.country == ""
