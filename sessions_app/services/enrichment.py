"""Enrich sessions: location from the IP address, OS from the user agent."""

from dataclasses import fields

from sessions_app.services.client_hints import ClientHints, refine_os
from sessions_app.services.geolocation import Location, get_reader, lookup_location
from sessions_app.services.user_agents import parse_user_agent

LOCATION_FIELDS = tuple(field.name for field in fields(Location))

# Fields whose change calls for parsing the OS again.
OS_SOURCE_FIELDS = ("user_agent", "ua_platform", "ua_platform_version")


def set_location(session, location):
    """Copy a ``Location`` onto the matching fields of a session."""
    for field_name in LOCATION_FIELDS:
        setattr(session, field_name, getattr(location, field_name))


def enrich_location(session, reader=None):
    """Set the continent, country, city and coordinates from the IP address."""
    set_location(session, lookup_location(session.ip_address, reader=reader))


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
    """Enrich many unsaved sessions in place, for bulk creation; return them.

    Each distinct address is looked up once per call, because a batch usually
    contains many sign-ins from the same few networks and a lookup is the costly step.
    """
    reader = get_reader()
    locations = {}
    for session in sessions:
        session.normalize()
        address = session.ip_address
        if address not in locations:
            locations[address] = lookup_location(address, reader=reader)
        set_location(session, locations[address])
        enrich_os(session)
    return sessions
