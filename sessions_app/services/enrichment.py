"""Enrich sessions: location from the IP address, OS from the user agent."""

from dataclasses import asdict

from sessions_app.services.client_hints import ClientHints, refine_os
from sessions_app.services.geolocation import get_reader, lookup_location
from sessions_app.services.user_agents import parse_user_agent

# Fields whose change calls for parsing the OS again.
OS_SOURCE_FIELDS = ("user_agent", "ua_platform", "ua_platform_version")


def enrich_location(session, reader=None):
    """Set the continent, country, city and coordinates from the IP address."""
    location = lookup_location(session.ip_address, reader=reader)
    for field_name, value in asdict(location).items():
        setattr(session, field_name, value)


def enrich_os(session):
    """Set the OS and browser of a session from its user agent and client hints."""
    info = parse_user_agent(session.user_agent)
    hints = ClientHints(session.ua_platform, session.ua_platform_version)
    session.os_family, session.os_version = refine_os(
        info.os_family, info.os_version, hints
    )
    session.browser_family = info.browser_family


def enrich_changed_fields(session):
    """Enrich only what a save changes: the location for a new address, the OS for a new
    user agent or new client hints."""
    if session.has_changed("ip_address"):
        enrich_location(session)
    if any(session.has_changed(field_name) for field_name in OS_SOURCE_FIELDS):
        enrich_os(session)


def enrich_sessions(sessions):
    """Enrich many unsaved sessions in place, for bulk creation; return them."""
    reader = get_reader()
    for session in sessions:
        session.normalize()
        enrich_location(session, reader=reader)
        enrich_os(session)
    return sessions
