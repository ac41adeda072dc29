import pytest
from django.db import connection

from console.settings import bundled_geoip_database
from sessions_app.benchmarks import registry
from sessions_app.benchmarks.loader import DatasetShape, ensure_users
from sessions_app.benchmarks.measurements import ingest
from sessions_app.models import ServiceToken, Session

SHAPE = DatasetShape(sessions=10, users=3, addresses=20, private_addresses=2)

# The server runs in another process, which sees committed rows only.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the server process cannot reach SQLite's test database",
    ),
]


@pytest.fixture
def bounded_load(monkeypatch, use_geolocation_database):
    """Point the server at the test database and keep the load small."""
    path = bundled_geoip_database()
    if not path:
        pytest.skip("the bundled GeoLite2 database is not installed")
    use_geolocation_database(path)
    settings = connection.settings_dict
    database_url = (
        f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/"
        f"{settings['NAME']}"
    )
    monkeypatch.setattr(
        ingest,
        "SERVER_ENVIRONMENT",
        {**ingest.SERVER_ENVIRONMENT, "DATABASE_URL": database_url},
    )
    monkeypatch.setattr(ingest, "MAX_REQUESTS", 40)
    monkeypatch.setattr(ingest, "SERVER_WORKERS", 1)
    ensure_users(SHAPE)


def test_ingest_measurement_records_through_gunicorn(bounded_load):
    context = registry.BenchContext(shape=SHAPE)

    plain, with_keys, rejected = ingest.measure_ingest(context)

    assert plain.value > 0
    assert plain.unit == "sessions/s"
    assert plain.note.startswith("40 recorded in ")
    assert plain.note.endswith("40 stored; responses by status: {201: 40}")
    assert with_keys.note.endswith("40 stored; responses by status: {201: 40}")
    assert rejected.value > 0
    assert rejected.note == "responses by status: {401: 40}"


def test_ingest_measurement_leaves_no_trace(bounded_load):
    ingest.measure_ingest(registry.BenchContext(shape=SHAPE))

    assert Session.objects.count() == 0
    assert ServiceToken.objects.count() == 0


def test_ingest_bodies_name_loaded_users(bounded_load):
    bodies = ingest.build_bodies(SHAPE, 5)

    assert len(bodies) == 5
    assert all(b'"user": "bench-user-0000' in body for body in bodies)
    assert all(b'"ip_address": ' in body for body in bodies)
