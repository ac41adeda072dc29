"""Refine the OS named by a user agent with the browser's user-agent client hints.

Chromium browsers freeze the OS in their user agent: Windows 11 still reports
``Windows NT 10.0`` and every macOS from 11 on reports ``Mac OS X 10_15_7``. The
``Sec-CH-UA-Platform`` and ``Sec-CH-UA-Platform-Version`` request headers carry the real
platform and version, which this module validates and applies.
"""

import re
from dataclasses import dataclass

PLATFORM_MAX_LENGTH = 32
PLATFORM_VERSION_MAX_LENGTH = 32

PLATFORM_HEADER = "Sec-CH-UA-Platform"
PLATFORM_VERSION_HEADER = "Sec-CH-UA-Platform-Version"

# A platform is a short name such as "Windows", "macOS" or "Chrome OS".
PLATFORM_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9 ._-]{0,31}")
# A platform version is up to four dot-separated numbers such as "15.0.0"; Linux
# browsers send an empty string.
PLATFORM_VERSION_PATTERN = re.compile(r"\d{1,6}(?:\.\d{1,6}){0,3}")

# Chromium reports Windows.Foundation.UniversalApiContract versions on Windows, and
# Windows 11 starts at 13 (Windows 10 releases span 0 to 10).
WINDOWS_11_FIRST_MAJOR = 13
UA_WINDOWS_FAMILY = "Windows"
UA_FROZEN_WINDOWS_VERSION = "10"
UA_MACOS_FAMILY = "Mac OS X"


@dataclass(frozen=True)
class ClientHints:
    """The platform hints of one request; empty strings when absent."""

    platform: str = ""
    platform_version: str = ""


def unquote(value):
    """Strip whitespace and the double quotes of a structured-header string."""
    text = str(value).strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    return text


def clean_platform(value):
    """Return a valid platform hint without quotes; raise ``ValueError`` otherwise."""
    text = unquote(value)
    if text and not PLATFORM_PATTERN.fullmatch(text):
        raise ValueError(f"Invalid platform hint: {text[:PLATFORM_MAX_LENGTH]!r}")
    return text


def clean_platform_version(value):
    """Return a valid platform version hint without quotes; raise ``ValueError``
    otherwise."""
    text = unquote(value)
    if text and not PLATFORM_VERSION_PATTERN.fullmatch(text):
        raise ValueError(
            f"Invalid platform version hint: {text[:PLATFORM_VERSION_MAX_LENGTH]!r}"
        )
    return text


def hints_from_headers(headers):
    """Return the valid platform hints of request headers; drop invalid ones."""
    try:
        platform = clean_platform(headers.get(PLATFORM_HEADER, ""))
        version = clean_platform_version(headers.get(PLATFORM_VERSION_HEADER, ""))
    except ValueError:
        return ClientHints()
    return ClientHints(platform, version)


def format_macos_version(platform_version):
    """Return ``14.2.1`` as is and ``15.0.0`` as ``15.0``, as Apple names releases."""
    parts = platform_version.split(".")[:3]
    while len(parts) > 2 and int(parts[-1]) == 0:
        parts.pop()
    if len(parts) == 1:
        parts.append("0")
    return ".".join(str(int(part)) for part in parts)


def refine_os(os_family, os_version, hints):
    """Return the OS family and version after applying valid platform hints.

    Only the frozen values are refined, and only when the hint names the same OS as
    the user agent, so a contradicting or malformed hint changes nothing.
    """
    try:
        platform = clean_platform(hints.platform)
        version = clean_platform_version(hints.platform_version)
    except ValueError:
        return os_family, os_version
    if not version:
        return os_family, os_version

    major = int(version.split(".")[0])
    if platform == "Windows" and os_family == UA_WINDOWS_FAMILY:
        if os_version == UA_FROZEN_WINDOWS_VERSION and major >= WINDOWS_11_FIRST_MAJOR:
            return os_family, "11"
    elif platform == "macOS" and os_family == UA_MACOS_FAMILY:
        return os_family, format_macos_version(version)
    return os_family, os_version
