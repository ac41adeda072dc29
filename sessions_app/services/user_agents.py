"""Derive the OS and browser of a session from its user agent, with ua-parser."""

import functools
from dataclasses import dataclass

import ua_parser

# Real user agents stay well under this; the rest of a longer one only slows parsing.
PARSED_PREFIX_LENGTH = 512

UNKNOWN_FAMILY = "Other"

# The device is never stored, and its rules cost more than the other two together.
PARSED_DOMAINS = ua_parser.Domain.OS | ua_parser.Domain.USER_AGENT


@dataclass(frozen=True)
class UserAgentInfo:
    """The OS and browser named by a user agent; empty strings when unknown."""

    os_family: str = ""
    os_version: str = ""
    browser_family: str = ""


def join_version(*parts):
    """Join the known leading parts of a version: ``("10", "15", None)`` is 10.15."""
    known = []
    for part in parts:
        if not part:
            break
        known.append(part)
    return ".".join(known)


def parse_user_agent(user_agent):
    """Return the OS family, OS version and browser family named by a user agent."""
    text = (user_agent or "").strip()[:PARSED_PREFIX_LENGTH]
    # The parser needs valid UTF-8, and a header may carry lone surrogates.
    text = text.encode("utf-8", "replace").decode("utf-8")
    if not text:
        return UserAgentInfo()
    return parse_prefix(text)


# Cached on the bounded prefix, so huge headers cannot fill the cache's memory.
@functools.lru_cache(maxsize=4096)
def parse_prefix(text):
    """Parse a bounded, valid user agent; ``parse_user_agent`` prepares the text."""
    result = ua_parser.parser(text, PARSED_DOMAINS)
    os, browser = result.os, result.user_agent

    os_family = os.family if os and os.family != UNKNOWN_FAMILY else ""
    os_version = (
        join_version(os.major, os.minor, os.patch, os.patch_minor) if os_family else ""
    )
    browser_family = (
        browser.family if browser and browser.family != UNKNOWN_FAMILY else ""
    )
    return UserAgentInfo(os_family, os_version, browser_family)
