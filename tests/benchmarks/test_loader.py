from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from console.settings import bundled_geoip_database
from sessions_app.benchmarks.dataset import SERVICES
from sessions_app.benchmarks.loader import DatasetShape, load_sessions
from sessions_app.benchmarks.measurements.enrichment import measure_rate
from sessions_app.models import Session, ip_address_hex
from sessions_app.services.enrichment import enrich_sessions
from sessions_app.services.unusual import assign_unusual_reasons

SHAPE = DatasetShape(
    sessions=400, users=12, addresses=60, private_addresses=5, user_agents=20
)


@pytest.fixture
def full_geolocation_database(use_geolocation_database):
    """Switch to the bundled GeoLite2 City database, which locates real addresses."""
    path = bundled_geoip_database()
    if not path:
        pytest.skip("the bundled GeoLite2 database is not installed")
    use_geolocation_database(path)


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's"
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_loader_copies_enriched_sessions(full_geolocation_database):
    report = load_sessions(SHAPE, progress=False)

    sessions = list(Session.objects.order_by("pk"))
    assert report.reused is False
    assert len(sessions) == 400
    assert len({s.user_id for s in sessions}) <= 12
    assert {s.service for s in sessions} <= set(SERVICES)
    assert len({s.session_id for s in sessions}) == 400
    assert all(s.ip_address_hex == ip_address_hex(s.ip_address) for s in sessions)
    assert [s.created_at for s in sessions] == sorted(s.created_at for s in sessions)
    assert sessions[0].created_at > timezone.now() - timedelta(days=366)
    assert sum(1 for s in sessions if s.country_code) > 300


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_loaded_sessions_match_console_enrichment(full_geolocation_database):
    load_sessions(SHAPE, progress=False)
    loaded = list(Session.objects.order_by("pk")[:50])

    fresh = enrich_sessions(
        [
            Session(user_id=s.user_id, ip_address=s.ip_address, user_agent=s.user_agent)
            for s in loaded
        ]
    )

    fields = ["country_code", "city", "latitude", "os_family", "browser_family"]
    for stored, expected in zip(loaded, fresh, strict=True):
        for field in fields:
            assert getattr(stored, field) == getattr(expected, field), field


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_loader_reuses_a_table_of_the_same_size(full_geolocation_database):
    load_sessions(SHAPE, progress=False)
    first_ids = set(Session.objects.values_list("session_id", flat=True))

    reused = load_sessions(SHAPE, progress=False)
    reloaded = load_sessions(SHAPE, reload=True, progress=False)

    assert reused.reused is True
    assert reloaded.reused is False
    assert Session.objects.count() == 400
    assert set(Session.objects.values_list("session_id", flat=True)) != first_ids


def test_enrichment_rates_are_measured(full_geolocation_database):
    pairs = [("81.2.69.160", "curl/8.4.0"), ("2001:4860::1", "")] * 50

    result = measure_rate("tiny", pairs, repeat=1)

    assert result.value > 0
    assert result.baseline > 0
    assert result.unit == "sessions/s"
    assert result.note == "100 sessions, 2 distinct inputs"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_loaded_sessions_carry_unusual_reasons(full_geolocation_database):
    load_sessions(SHAPE, progress=False)
    loaded = list(Session.objects.order_by("pk"))
    judged = list(Session.objects.order_by("pk"))
    for session in judged:
        session.is_unusual, session.unusual_reasons = False, ""

    assign_unusual_reasons(judged)

    assert [s.unusual_reasons for s in loaded] == [s.unusual_reasons for s in judged]
    assert [s.is_unusual for s in loaded] == [bool(s.unusual_reasons) for s in loaded]
    assert any(s.is_unusual for s in loaded)
