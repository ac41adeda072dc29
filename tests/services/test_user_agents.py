import random

import pytest
import yaml

from sessions_app.services.enrichment import enrich_os
from sessions_app.services.user_agents import (
    PARSED_PREFIX_LENGTH,
    UserAgentInfo,
    parse_user_agent,
)
from tests.conftest import SHARED_FIXTURES, shared_fixture
from tests.factories import SessionFactory

VERSION_PARTS = ("major", "minor", "patch", "patch_minor")


def os_test_cases():
    """Return one case per user agent of the uap-core OS test cases."""
    source = SHARED_FIXTURES / "user-agents" / "test_os.yaml"
    if not source.exists():
        return [pytest.param(None, id="test_os.yaml")]
    cases = yaml.safe_load(source.read_text())["test_cases"]
    return [
        pytest.param(case, id=f"{number}-{case['family']}")
        for number, case in enumerate(cases)
    ]


def expected_os(case):
    """Return the family and version a case names, "Other" meaning unknown."""
    if case["family"] == "Other":
        return "", ""
    parts = []
    for key in VERSION_PARTS:
        if not case[key]:
            break
        parts.append(case[key])
    return case["family"], ".".join(parts)


@pytest.mark.parametrize("case", os_test_cases())
def test_os_test_case_is_parsed(case):
    shared_fixture("user-agents", "test_os.yaml")

    info = parse_user_agent(case["user_agent_string"])

    family, version = expected_os(case)
    assert info.os_family == family, case["user_agent_string"]
    assert info.os_version == version, case["user_agent_string"]


@pytest.mark.parametrize(
    "user_agent, expected",
    [
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            "Windows 10",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.1 Safari/605.1.15",
            "Mac OS X 10.15.7",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) "
            "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 "
            "Safari/604.1",
            "iOS 17.1.2",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36",
            "Android 14",
        ),
        (
            "Mozilla/5.0 (X11; CrOS x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/120.0.0.0 Safari/537.36",
            "",
        ),
        (
            "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            "Chrome OS 14541.0.0",
        ),
        ("curl/8.4.0", ""),
    ],
)
def test_session_os_reads_as_people_write_it(user_agent, expected):
    session = SessionFactory.build(user_agent=user_agent)

    enrich_os(session)

    assert session.os == expected


def random_text(seed, length):
    """Return text of random code points from all of Unicode, surrogates included."""
    rng = random.Random(seed)
    return "".join(chr(rng.randrange(0x110000)) for _ in range(length))


BAD_USER_AGENTS = {
    "empty": "",
    "blank": " \t\r\n ",
    "nul bytes": "\x00" * 64,
    "nul inside": "Mozilla/5.0 (Windows NT 10.0;\x00 Win64; x64) Firefox/121.0",
    "100 kB of one letter": "A" * 100_000,
    "100 kB of parentheses": "(" * 50_000 + ")" * 50_000,
    "lone surrogates": "\ud800 Mozilla/5.0 \udfff (iPhone; CPU iPhone OS 17_1)",
    "random unicode": random_text(seed=1, length=300),
    "random unicode, 100 kB": random_text(seed=2, length=100_000),
    "control characters": "".join(chr(code) for code in range(32)) * 10,
    "right-to-left": "\u202eMozilla/5.0 (Windows NT 10.0)\u202c",
}


@pytest.mark.parametrize("user_agent", BAD_USER_AGENTS.values(), ids=BAD_USER_AGENTS)
def test_bad_user_agent_is_parsed_without_error(user_agent):
    info = parse_user_agent(user_agent)

    assert isinstance(info, UserAgentInfo)
    assert isinstance(info.os_family, str)
    assert isinstance(info.os_version, str)


def test_unknown_user_agent_leaves_os_empty():
    assert parse_user_agent("A" * 100_000) == UserAgentInfo()
    assert parse_user_agent(None) == UserAgentInfo()


def test_only_prefix_of_long_user_agent_is_parsed():
    padding = "X" * PARSED_PREFIX_LENGTH
    windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"

    assert parse_user_agent(windows + padding).os_family == "Windows"
    assert parse_user_agent(padding + windows) == UserAgentInfo()


@pytest.mark.django_db
@pytest.mark.parametrize("user_agent", BAD_USER_AGENTS.values(), ids=BAD_USER_AGENTS)
def test_bad_user_agent_is_saved(user_agent):
    session = SessionFactory(user_agent=user_agent)

    session.refresh_from_db()

    assert session.pk is not None
    assert "\x00" not in session.user_agent
    assert len(session.user_agent) <= 1024
