"""Decide the IP address of the client behind a request, with or without proxies.

By default the client is the peer of the connection, ``REMOTE_ADDR``. Only when that
peer is a trusted proxy (``CONSOLE_TRUSTED_PROXIES``) does the configured forwarding
header count (``CONSOLE_CLIENT_ADDRESS_HEADER``, ``X-Forwarded-For`` or ``Forwarded``).
Each proxy appends the address it received the request from, so the client is the
right-most address that is not a trusted proxy: everything left of it may be forged.
"""

import functools
import ipaddress
import logging
import re

from sessions_app.conf import console_settings

logger = logging.getLogger(__name__)
security_logger = logging.getLogger("sessions_app.security")

FORWARDED = "Forwarded"
X_FORWARDED_FOR = "X-Forwarded-For"
SUPPORTED_HEADERS = (X_FORWARDED_FOR, FORWARDED)

# Longer text is rejected unparsed: an IPv6 address with brackets and port has at most
# 53 characters.
ADDRESS_MAX_LENGTH = 64
LOGGED_VALUE_LENGTH = 64

# RFC 7239 lists are separated by commas, and pairs by semicolons, outside quoted
# strings; a quoted string may contain backslash escapes.
QUOTED_STRING = r'"(?:[^"\\]|\\.)*"'
FORWARDED_ELEMENT = re.compile(rf'(?:[^,"]|{QUOTED_STRING})+')
FORWARDED_PAIR = re.compile(rf'(?:[^;"]|{QUOTED_STRING})+')
BRACKETED = re.compile(r"\[([^\]]*)\](?::\d*)?")


def parse_address(text):
    """Return the address in a text such as ``[2001:db8::1]:443`` or ``1.2.3.4:80``.

    Strip quotes, brackets, ports and IPv6 zones, and unpack IPv4-mapped IPv6. Return
    None when the text is no address, such as ``unknown`` or an RFC 7239 obfuscated
    identifier.
    """
    text = str(text or "").strip().strip('"').strip()
    if not text or len(text) > ADDRESS_MAX_LENGTH:
        return None

    bracketed = BRACKETED.fullmatch(text)
    if bracketed:
        text = bracketed.group(1)
    elif text.count(":") == 1:
        text = text.split(":")[0]
    text = text.split("%")[0]

    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


@functools.lru_cache(maxsize=8)
def parse_networks(values):
    """Return the networks of a tuple of CIDR texts, skipping invalid ones."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError:
            logger.error("Ignored invalid trusted proxy network %r", value)
    return tuple(networks)


def trusted_proxy_networks():
    """Return the configured networks of trusted proxies."""
    return parse_networks(tuple(console_settings.TRUSTED_PROXIES))


def is_trusted_proxy(address, networks):
    """Return whether an address lies in one of the trusted networks."""
    return any(address in network for network in networks)


def split_forwarded_for(value):
    """Return the addresses of an ``X-Forwarded-For`` value, left to right."""
    return [item.strip() for item in value.split(",") if item.strip()]


def unquote_forwarded_value(value):
    """Return a token or quoted-string value of RFC 7239 as plain text."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def split_forwarded(value):
    """Return the ``for`` node of each element of a ``Forwarded`` value, left to right.

    An element without a ``for`` parameter gives an empty string.
    """
    nodes = []
    for element in FORWARDED_ELEMENT.findall(value):
        if not element.strip():
            continue
        node = ""
        for pair in FORWARDED_PAIR.findall(element):
            name, _, pair_value = pair.partition("=")
            if name.strip().lower() == "for":
                node = unquote_forwarded_value(pair_value)
        nodes.append(node)
    return nodes


def forwarding_header():
    """Return the configured forwarding header, or None when the setting is invalid."""
    name = console_settings.CLIENT_ADDRESS_HEADER
    for supported in SUPPORTED_HEADERS:
        if str(name).lower() == supported.lower():
            return supported
    logger.error(
        "Ignored forwarding headers: CONSOLE_CLIENT_ADDRESS_HEADER is %r, not %s",
        name,
        " or ".join(SUPPORTED_HEADERS),
    )
    return None


def client_from_hops(hops, networks, header_name):
    """Return the right-most hop that is not a trusted proxy.

    When every hop is a trusted proxy, the left-most one is the client. An entry that
    is not an address where the client should be leaves the client unknown (None).
    """
    client = None
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            security_logger.warning(
                "Ignored invalid client address %r in %s",
                hop[:LOGGED_VALUE_LENGTH],
                header_name,
            )
            return None
        client = address
        if not is_trusted_proxy(address, networks):
            return address
    return client


def get_client_address(request):
    """Return the IP address of the client behind a request as text; None if unknown."""
    remote_value = request.META.get("REMOTE_ADDR", "")
    remote_address = parse_address(remote_value)
    if remote_address is None:
        if remote_value:
            security_logger.warning(
                "Ignored invalid REMOTE_ADDR %r",
                str(remote_value)[:LOGGED_VALUE_LENGTH],
            )
        return None

    header_name = forwarding_header()
    header_value = request.headers.get(header_name) if header_name else None
    networks = trusted_proxy_networks()
    if not is_trusted_proxy(remote_address, networks):
        if header_value:
            security_logger.warning(
                "Ignored %s from %s, which is not a trusted proxy",
                header_name,
                remote_address,
            )
        return str(remote_address)
    if not header_value:
        return str(remote_address)

    if header_name == FORWARDED:
        hops = split_forwarded(header_value)
    else:
        hops = split_forwarded_for(header_value)
    client = client_from_hops(hops, networks, header_name)
    return str(client) if client else None
