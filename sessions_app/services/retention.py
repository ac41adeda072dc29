"""Delete or anonymise old sessions in short batches, safe beside a serving console.

Each batch is its own short transaction over at most ``batch_size`` rows, found by
their creation time and id. Page views and sign-ins so wait on no long lock, and a run
that stops half-way leaves every batch before it done.
"""

import ipaddress
import logging
import time
from collections import defaultdict

from django.db import transaction
from django.db.models import Case, CharField, GenericIPAddressField, Q, Value, When

from sessions_app.models import Session, ip_address_hex

logger = logging.getLogger(__name__)

# The network an anonymised address keeps: a typical ISP customer block.
IPV4_PREFIX = 24
IPV6_PREFIX = 48

# The ``ip_address_hex`` of every IPv4 address starts with the IPv4-mapped prefix.
# In the hex key of a network address, the digits after the prefix are zero.
IPV4_HEX_PREFIX = "00000000000000000000ffff"
IPV4_HOST_DIGITS = (32 - IPV4_PREFIX) // 4
IPV6_HOST_DIGITS = (128 - IPV6_PREFIX) // 4


def anonymise_address(address):
    """Return the network address that stands for ``address``: its /24 or /48."""
    parsed = ipaddress.ip_address(address)
    prefix = IPV4_PREFIX if parsed.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False).network_address)


def needs_anonymising():
    """Return the condition of sessions that still hold a host address or a city."""
    ipv4_host = Q(ip_address_hex__startswith=IPV4_HEX_PREFIX) & ~Q(
        ip_address_hex__endswith="0" * IPV4_HOST_DIGITS
    )
    ipv6_host = (
        ~Q(ip_address_hex="")
        & ~Q(ip_address_hex__startswith=IPV4_HEX_PREFIX)
        & ~Q(ip_address_hex__endswith="0" * IPV6_HOST_DIGITS)
    )
    missing_key = Q(ip_address__isnull=False, ip_address_hex="")
    located = (
        ~Q(city="")
        | Q(latitude__isnull=False)
        | Q(longitude__isnull=False)
        | Q(accuracy_radius__isnull=False)
    )
    return ipv4_host | ipv6_host | missing_key | located


def after(key):
    """Return the condition of rows after ``key`` in (created_at, id) order."""
    created_at, pk = key
    return Q(created_at__gt=created_at) | Q(created_at=created_at, pk__gt=pk)


def next_batch(queryset, last_key, batch_size, *fields):
    """Return the next rows after ``last_key`` in creation order, as value tuples."""
    if last_key is not None:
        queryset = queryset.filter(after(last_key))
    rows = queryset.order_by("created_at", "pk").values_list(
        "created_at", "pk", *fields
    )
    return list(rows[:batch_size])


def delete_sessions_before(cutoff, *, batch_size, pause=0.0, progress=None):
    """Delete every session created before ``cutoff``; return how many went."""
    old = Session.objects.filter(created_at__lt=cutoff)
    deleted, last_key = 0, None
    while rows := next_batch(old, last_key, batch_size):
        last_key = rows[-1][:2]
        count, _ = old.filter(pk__in=[pk for _, pk in rows]).delete()
        deleted += count
        if progress is not None:
            progress.update(len(rows))
        time.sleep(pause)

    logger.info("Deleted %d sessions created before %s", deleted, cutoff.isoformat())
    return deleted


def anonymise_batch(rows):
    """Replace the addresses of ``rows`` by their networks and clear their city and
    coordinates, in one UPDATE that fires no signal and so no new lookup."""
    pks_by_network = defaultdict(list)
    for _created_at, pk, address in rows:
        pks_by_network[anonymise_address(address) if address else None].append(pk)
    networks = [network for network in pks_by_network if network is not None]

    return Session.objects.filter(pk__in=[pk for _, pk, _ in rows]).update(
        ip_address=Case(
            *[When(pk__in=pks_by_network[n], then=Value(n)) for n in networks],
            default=Value(None),
            output_field=GenericIPAddressField(),
        ),
        ip_address_hex=Case(
            *[
                When(pk__in=pks_by_network[n], then=Value(ip_address_hex(n)))
                for n in networks
            ],
            default=Value(""),
            output_field=CharField(),
        ),
        city="",
        latitude=None,
        longitude=None,
        accuracy_radius=None,
    )


def anonymise_sessions_before(cutoff, *, batch_size, pause=0.0, progress=None):
    """Anonymise every session created before ``cutoff`` that is not yet; return how
    many changed. A second run over the same sessions changes nothing."""
    pending = Session.objects.filter(needs_anonymising(), created_at__lt=cutoff)
    changed, last_key = 0, None
    while True:
        with transaction.atomic():
            # Locking the batch keeps a concurrent save from changing an address
            # between reading it and writing its network.
            locked = pending.select_for_update(of=("self",))
            rows = next_batch(locked, last_key, batch_size, "ip_address")
            if not rows:
                break
            changed += anonymise_batch(rows)
        last_key = rows[-1][:2]
        if progress is not None:
            progress.update(len(rows))
        time.sleep(pause)

    logger.info("Anonymised %d sessions created before %s", changed, cutoff.isoformat())
    return changed


def count_sessions_before(cutoff, *, anonymised=True):
    """Count the sessions created before ``cutoff``, or only those still to anonymise
    when ``anonymised`` is False."""
    queryset = Session.objects.filter(created_at__lt=cutoff)
    if not anonymised:
        queryset = queryset.filter(needs_anonymising())
    return queryset.count()
