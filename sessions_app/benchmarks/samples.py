"""Values that measurements filter and search for, picked from the loaded sessions."""

from dataclasses import dataclass

from django.db.models import Max, Min
from django.utils import timezone

from sessions_app.models import Session

# About a tenth of the loaded sessions: the loader gives this service that share.
TENTH_SERVICE = "Docs"


@dataclass(frozen=True)
class Samples:
    """A service, a username, a session id and an address that the data contains."""

    service: str
    username: str
    session_id: str
    ip_address: str
    year: int
    month: int


def pick_samples():
    """Pick the values from the session half-way through the table."""
    bounds = Session.objects.aggregate(low=Min("pk"), high=Max("pk"))
    middle = (
        Session.objects.filter(pk__gte=(bounds["low"] + bounds["high"]) // 2)
        .exclude(ip_address=None)
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
        year=created_at.year,
        month=created_at.month,
    )
