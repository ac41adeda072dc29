import pytest

from sessions_app.demo.names import SERVICE_WEIGHTS
from sessions_app.demo.user_agents import (
    ALL_USER_AGENTS,
    APPS,
    BOTS,
    DESKTOP_BROWSERS,
    PHONE_BROWSERS,
    TABLET_BROWSERS,
)
from sessions_app.services.user_agents import parse_user_agent

DESKTOP_SYSTEMS = {
    "Windows",
    "Mac OS X",
    "Linux",
    "Ubuntu",
    "Fedora",
    "Chrome OS",
    "FreeBSD",
}
MOBILE_SYSTEMS = {"iOS", "Android"}


def user_agent_id(user_agent):
    return user_agent.text[:60]


@pytest.mark.parametrize("user_agent", DESKTOP_BROWSERS, ids=user_agent_id)
def test_desktop_browser_names_desktop_system(user_agent):
    info = parse_user_agent(user_agent.text)

    assert info.os_family in DESKTOP_SYSTEMS
    assert info.browser_family


@pytest.mark.parametrize(
    "user_agent", PHONE_BROWSERS + TABLET_BROWSERS, ids=user_agent_id
)
def test_mobile_browser_names_mobile_system_and_version(user_agent):
    info = parse_user_agent(user_agent.text)

    assert info.os_family in MOBILE_SYSTEMS
    assert info.os_version
    assert info.browser_family


@pytest.mark.parametrize("user_agent", APPS, ids=user_agent_id)
def test_app_names_system_and_known_services(user_agent):
    assert parse_user_agent(user_agent.text).os_family
    assert set(user_agent.services) <= set(SERVICE_WEIGHTS)


@pytest.mark.parametrize("user_agent", BOTS, ids=user_agent_id)
def test_bot_is_recognised_as_client(user_agent):
    assert parse_user_agent(user_agent.text).browser_family


def test_user_agents_are_distinct():
    texts = [user_agent.text for user_agent in ALL_USER_AGENTS]

    assert len(texts) == len(set(texts))
