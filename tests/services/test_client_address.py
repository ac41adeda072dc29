"""The client address of a request, behind every proxy topology."""

import logging

import pytest
from django.test import RequestFactory

from sessions_app.services.client_address import (
    get_client_address,
    parse_address,
    split_forwarded,
)

PROXIES = ["10.0.0.0/8", "2001:db8:ffff::/48"]


def request_from(remote_addr, **headers):
    """Build a request that came from ``remote_addr`` with some headers."""
    meta = {"REMOTE_ADDR": remote_addr} if remote_addr is not None else {}
    request = RequestFactory().get("/", headers=headers, **meta)
    if remote_addr is None:
        del request.META["REMOTE_ADDR"]
    return request


@pytest.fixture
def trusted_proxies(settings):
    settings.CONSOLE_TRUSTED_PROXIES = PROXIES
    settings.CONSOLE_CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    return settings


TOPOLOGIES = [
    # (case, REMOTE_ADDR, X-Forwarded-For, expected client)
    ("direct client", "81.2.69.160", None, "81.2.69.160"),
    ("direct client forging a header", "81.2.69.160", "1.2.3.4", "81.2.69.160"),
    ("one trusted proxy", "10.0.0.1", "81.2.69.160", "81.2.69.160"),
    ("two trusted proxies", "10.0.0.1", "81.2.69.160, 10.0.0.2", "81.2.69.160"),
    (
        "client forging behind a proxy",
        "10.0.0.1",
        "6.6.6.6, 81.2.69.160",
        "81.2.69.160",
    ),
    (
        "untrusted proxy in the chain",
        "10.0.0.1",
        "81.2.69.160, 89.160.20.115",
        "89.160.20.115",
    ),
    ("trusted proxy without header", "10.0.0.1", None, "10.0.0.1"),
    ("internal client through proxy", "10.0.0.1", "10.9.9.9", "10.9.9.9"),
    ("only trusted hops", "10.0.0.1", "10.0.0.3, 10.0.0.2", "10.0.0.3"),
    ("IPv6 proxy and client", "2001:db8:ffff::1", "2001:218::5", "2001:218::5"),
    ("IPv4-mapped client", "10.0.0.1", "::ffff:81.2.69.160", "81.2.69.160"),
    ("IPv4-mapped proxy", "::ffff:10.0.0.1", "81.2.69.160", "81.2.69.160"),
    ("client with port", "10.0.0.1", "81.2.69.160:5123", "81.2.69.160"),
    ("bracketed IPv6 with port", "10.0.0.1", "[2001:218::5]:443", "2001:218::5"),
    ("IPv6 with zone", "10.0.0.1", "fe80::1%eth0", "fe80::1"),
    ("empty list items", "10.0.0.1", " , 81.2.69.160 ,", "81.2.69.160"),
    ("garbage where the client should be", "10.0.0.1", "81.2.69.160, unknown", None),
    ("garbage left of the client", "10.0.0.1", "<script>, 81.2.69.160", "81.2.69.160"),
    ("missing REMOTE_ADDR", None, "81.2.69.160", None),
    ("empty REMOTE_ADDR", "", "81.2.69.160", None),
    ("invalid REMOTE_ADDR", "not-an-address", None, None),
]


@pytest.mark.parametrize(
    "remote_addr, forwarded_for, expected",
    [pytest.param(*case[1:], id=case[0]) for case in TOPOLOGIES],
)
def test_client_address_behind_x_forwarded_for(
    trusted_proxies, remote_addr, forwarded_for, expected
):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for is not None else {}

    assert get_client_address(request_from(remote_addr, **headers)) == expected


FORWARDED_TOPOLOGIES = [
    # (case, REMOTE_ADDR, Forwarded, expected client)
    ("one element", "10.0.0.1", "for=81.2.69.160", "81.2.69.160"),
    (
        "parameters and case",
        "10.0.0.1",
        "proto=https;For=81.2.69.160;by=10.0.0.1",
        "81.2.69.160",
    ),
    ("quoted IPv6 with port", "10.0.0.1", 'for="[2001:218::5]:4711"', "2001:218::5"),
    ("two elements", "10.0.0.1", "for=6.6.6.6, for=81.2.69.160", "81.2.69.160"),
    (
        "trusted hop at the right",
        "10.0.0.1",
        "for=81.2.69.160, for=10.0.0.2",
        "81.2.69.160",
    ),
    ("quoted comma", "10.0.0.1", 'for=81.2.69.160;ext="a,b"', "81.2.69.160"),
    ("obfuscated client", "10.0.0.1", "for=_hidden", None),
    ("unknown client", "10.0.0.1", "for=unknown", None),
    ("element without for", "10.0.0.1", "for=6.6.6.6, proto=https", None),
    ("untrusted peer", "81.2.69.160", "for=1.2.3.4", "81.2.69.160"),
]


@pytest.mark.parametrize(
    "remote_addr, forwarded, expected",
    [pytest.param(*case[1:], id=case[0]) for case in FORWARDED_TOPOLOGIES],
)
def test_client_address_behind_forwarded(
    trusted_proxies, remote_addr, forwarded, expected
):
    trusted_proxies.CONSOLE_CLIENT_ADDRESS_HEADER = "Forwarded"

    request = request_from(remote_addr, Forwarded=forwarded)

    assert get_client_address(request) == expected


def test_only_the_configured_header_counts(trusted_proxies):
    request = request_from(
        "10.0.0.1", **{"X-Forwarded-For": "81.2.69.160", "Forwarded": "for=6.6.6.6"}
    )

    assert get_client_address(request) == "81.2.69.160"
    trusted_proxies.CONSOLE_CLIENT_ADDRESS_HEADER = "Forwarded"
    assert get_client_address(request) == "6.6.6.6"


def test_no_trusted_proxies_by_default(settings):
    settings.CONSOLE_TRUSTED_PROXIES = []

    request = request_from("10.0.0.1", **{"X-Forwarded-For": "81.2.69.160"})

    assert get_client_address(request) == "10.0.0.1"


def test_garbage_is_logged_on_security_logger(trusted_proxies, caplog):
    request = request_from("10.0.0.1", **{"X-Forwarded-For": "81.2.69.160, bogus"})

    with caplog.at_level(logging.WARNING, logger="sessions_app.security"):
        assert get_client_address(request) is None

    assert [(r.name, r.getMessage()) for r in caplog.records] == [
        (
            "sessions_app.security",
            "Ignored invalid client address 'bogus' in X-Forwarded-For",
        )
    ]


def test_forged_header_is_logged(trusted_proxies, caplog):
    request = request_from("81.2.69.160", **{"X-Forwarded-For": "1.2.3.4"})

    get_client_address(request)

    assert [(r.name, r.getMessage()) for r in caplog.records] == [
        (
            "sessions_app.security",
            "Ignored X-Forwarded-For from 81.2.69.160, which is not a trusted proxy",
        )
    ]


def test_invalid_proxy_network_is_skipped(settings, caplog):
    settings.CONSOLE_TRUSTED_PROXIES = ["10.0.0.0/33", "10.0.0.0/8"]

    request = request_from("10.0.0.1", **{"X-Forwarded-For": "81.2.69.160"})

    assert get_client_address(request) == "81.2.69.160"
    assert "Ignored invalid trusted proxy network '10.0.0.0/33'" in caplog.text


def test_unsupported_header_setting_ignores_headers(trusted_proxies, caplog):
    trusted_proxies.CONSOLE_CLIENT_ADDRESS_HEADER = "X-Real-IP"

    request = request_from("10.0.0.1", **{"X-Real-IP": "81.2.69.160"})

    assert get_client_address(request) == "10.0.0.1"
    assert "CONSOLE_CLIENT_ADDRESS_HEADER is 'X-Real-IP'" in caplog.text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("81.2.69.160", "81.2.69.160"),
        ('"81.2.69.160:80"', "81.2.69.160"),
        ("[::1]", "::1"),
        ("[::1]:8080", "::1"),
        ("::1", "::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("::ffff:10.1.2.3", "10.1.2.3"),
        ("", None),
        ("unknown", None),
        ("_obfuscated", None),
        ("81.2.69", None),
        ("1" * 100, None),
        ("[::1", None),
    ],
)
def test_parse_address(text, expected):
    address = parse_address(text)

    assert (str(address) if address else None) == expected


def test_split_forwarded_keeps_element_order():
    value = 'for=1.1.1.1;proto=http, for="[::1]:80" ,by=x, for="a\\"b"'

    assert split_forwarded(value) == ["1.1.1.1", "[::1]:80", "", 'a"b']
