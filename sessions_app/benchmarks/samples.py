"""Values that measurements filter and search for, picked from the loaded sessions."""

import ipaddress
from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Min
from django.utils import timezone

from sessions_app.models import Session

# About a tenth of the loaded sessions: the loader gives this service that share.
TENTH_SERVICE = "Docs"


@dataclass(frozen=True)
class Samples:
    """Values that the loaded sessions contain: a service, a user, a session and its
    address, location, OS and days."""

    service: str
    username: str
    session_id: str
    ip_address: str
    city: str
    os_family: str
    year: int
    month: int
    created_day: date
    updated_day: date

    @property
    def network(self):
        """The /16 (IPv4) or /32 (IPv6) network of the sample address, as text."""
        address = ipaddress.ip_address(self.ip_address)
        prefix = 16 if address.version == 4 else 32
        return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def pick_samples():
    """Pick the values from the located session half-way through the table."""
    bounds = Session.objects.aggregate(low=Min("pk"), high=Max("pk"))
    middle = (
        Session.objects.filter(pk__gte=(bounds["low"] + bounds["high"]) // 2)
        .exclude(ip_address=None)
        .exclude(city="")
        .exclude(os_family="")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    created_at = timezone.localtime(middle.created_at)
    return Samples(
        service=TENTH_SERVICE,
        username=middle.user.username,
        session_id=middle.session_id,
        ip_address=middle.ip_address,
        city=middle.city,
        os_family=middle.os_family,
        year=created_at.year,
        month=created_at.month,
        created_day=created_at.date(),
        updated_day=timezone.localtime(middle.updated_at).date(),
    )
