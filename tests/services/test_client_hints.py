"""Client hints refine the OS that a frozen user agent names."""

import pytest

from sessions_app.models import Session
from sessions_app.services.client_hints import (
    ClientHints,
    clean_platform,
    clean_platform_version,
    hints_from_headers,
    refine_os,
)
from tests.factories import SessionFactory


@pytest.mark.parametrize(
    "os_family, os_version, platform, version, expected",
    [
        ("Windows", "10", '"Windows"', '"13.0.0"', ("Windows", "11")),
        ("Windows", "10", "Windows", "15.0.0", ("Windows", "11")),
        ("Windows", "10", "Windows", "10.0.0", ("Windows", "10")),
        ("Windows", "10", "Windows", "0.0.0", ("Windows", "10")),
        # Only the frozen "Windows NT 10.0" is refined; Windows 7 stays Windows 7.
        ("Windows", "7", "Windows", "14.0.0", ("Windows", "7")),
        ("Mac OS X", "10.15.7", "macOS", "14.2.1", ("Mac OS X", "14.2.1")),
        ("Mac OS X", "10.15.7", "macOS", "15.0.0", ("Mac OS X", "15.0")),
        ("Mac OS X", "10.15.7", "macOS", "13.6.0", ("Mac OS X", "13.6")),
        ("Mac OS X", "10.15.7", "macOS", "15", ("Mac OS X", "15.0")),
        # Missing, contradicting or invalid hints change nothing.
        ("Mac OS X", "10.15.7", "macOS", "", ("Mac OS X", "10.15.7")),
        ("Mac OS X", "10.15.7", "", "", ("Mac OS X", "10.15.7")),
        ("Windows", "10", "macOS", "14.0.0", ("Windows", "10")),
        ("Linux", "", "Linux", "", ("Linux", "")),
        ("Windows", "10", "Windows", "13.x", ("Windows", "10")),
        ("Windows", "10", "Win<dows>", "13.0.0", ("Windows", "10")),
    ],
)
def test_refine_os(os_family, os_version, platform, version, expected):
    assert refine_os(os_family, os_version, ClientHints(platform, version)) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ('"Windows"', "Windows"),
        (" macOS ", "macOS"),
        ('"Chrome OS"', "Chrome OS"),
        ('""', ""),
    ],
)
def test_clean_platform_strips_quotes(value, expected):
    assert clean_platform(value) == expected


@pytest.mark.parametrize(
    "value", ["<b>", "W" * 33, "Windows\x00", '"Windows', "1Windows", "Wïndows"]
)
def test_clean_platform_rejects_invalid(value):
    with pytest.raises(ValueError, match="Invalid platform hint"):
        clean_platform(value)


@pytest.mark.parametrize(
    "value", ["15.0.0.0.0", "1234567", "15..0", "-1", "15.0.0a", "1" * 40]
)
def test_clean_platform_version_rejects_invalid(value):
    with pytest.raises(ValueError, match="Invalid platform version hint"):
        clean_platform_version(value)


def test_hints_from_headers_drop_invalid_pairs():
    valid = {
        "Sec-CH-UA-Platform": '"Windows"',
        "Sec-CH-UA-Platform-Version": '"15.0.0"',
    }
    invalid = {**valid, "Sec-CH-UA-Platform-Version": '"15;0"'}

    assert hints_from_headers(valid) == ClientHints("Windows", "15.0.0")
    assert hints_from_headers(invalid) == ClientHints()
    assert hints_from_headers({}) == ClientHints()


@pytest.mark.django_db
def test_saved_hints_are_unquoted_and_refine_os():
    session = SessionFactory(ua_platform='"Windows"', ua_platform_version='"14.0.0"')
    session.refresh_from_db()

    assert session.ua_platform == "Windows"
    assert session.ua_platform_version == "14.0.0"
    assert session.os == "Windows 11"


@pytest.mark.django_db
def test_changed_hints_enrich_the_os_again():
    session = Session.objects.get(pk=SessionFactory().pk)

    session.ua_platform, session.ua_platform_version = "Windows", "13.0.0"
    session.save()

    assert Session.objects.get(pk=session.pk).os == "Windows 11"


@pytest.mark.django_db
def test_invalid_saved_hints_are_dropped(caplog):
    session = SessionFactory(ua_platform="Windows", ua_platform_version="13;0")
    session.refresh_from_db()

    assert (session.ua_platform, session.ua_platform_version) == ("", "")
    assert session.os == "Windows 10"
    assert "Dropped invalid client hints" in caplog.text
