"""Enrich sessions: location from the IP address, OS from the user agent."""

from dataclasses import asdict

from sessions_app.services.geolocation import get_reader, lookup_location
from sessions_app.services.user_agents import parse_user_agent


def enrich_location(session, reader=None):
    """Set the continent, country, city and coordinates from the IP address."""
    location = lookup_location(session.ip_address, reader=reader)
    for field_name, value in asdict(location).items():
        setattr(session, field_name, value)


def enrich_os(session):
    """Set the OS and browser of a session from its user agent."""
    info = parse_user_agent(session.user_agent)
    session.os_family = info.os_family
    session.os_version = info.os_version
    session.browser_family = info.browser_family


def enrich_changed_fields(session):
    """Enrich only what a save changes: the location for a new address, the OS for a new
    user agent."""
    if session.has_changed("ip_address"):
        enrich_location(session)
    if session.has_changed("user_agent"):
        enrich_os(session)


def enrich_sessions(sessions):
    """Enrich many unsaved sessions in place, for bulk creation; return them."""
    reader = get_reader()
    for session in sessions:
        session.normalize()
        enrich_location(session, reader=reader)
        enrich_os(session)
    return sessions
