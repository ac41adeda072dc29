"""The orders a session list can be sorted in, by the sort keys that URLs carry.

Every order ends in a unique field, so pages never overlap or skip a session. Where an
index exists (created at, service, country, IP address), the order follows it.
"""

# Each sort key with the fields it orders by, ascending. A leading "-" on a key
# reverses every field.
SORT_FIELDS = {
    "session_id": ("session_id",),
    "user": ("user__username", "id"),
    "service": ("service", "-created_at", "-id"),
    "os": ("os_family", "os_version", "id"),
    "ip_address": ("ip_address_hex", "id"),
    "location": ("country_code", "-created_at", "-id"),
    "created_at": ("created_at", "id"),
    "updated_at": ("updated_at", "id"),
}

DEFAULT_SORT = "-created_at"


def parse_sort(value):
    """Return the sort key that request input names, or the default if it is unknown."""
    key = (value or "").strip()
    if key.removeprefix("-") in SORT_FIELDS:
        return key
    return DEFAULT_SORT


def reverse_field(field_name):
    """Return an order field in the opposite direction."""
    if field_name.startswith("-"):
        return field_name[1:]
    return f"-{field_name}"


def sort_fields(sort):
    """Return the order fields of a valid sort key."""
    fields = SORT_FIELDS[sort.removeprefix("-")]
    if sort.startswith("-"):
        return tuple(reverse_field(field_name) for field_name in fields)
    return fields


def order_sessions(queryset, sort):
    """Return ``queryset`` in the order of a sort key, the default one if unknown."""
    return queryset.order_by(*sort_fields(parse_sort(sort)))
