import pytest

from console.settings import bundled_geoip_database
from sessions_app.benchmarks import registry
from sessions_app.benchmarks.loader import DatasetShape
from sessions_app.benchmarks.measurements import ingest
from tests.benchmarks.stand_in_urls import STAND_IN_TOKEN

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.benchmarks.stand_in_urls"),
]

SHAPE = DatasetShape(sessions=10, users=3, addresses=20, private_addresses=2)


@pytest.fixture
def stand_in_server(monkeypatch, use_geolocation_database):
    """Serve the stand-in pages from gunicorn, with a bounded, quick load."""
    path = bundled_geoip_database()
    if not path:
        pytest.skip("the bundled GeoLite2 database is not installed")
    use_geolocation_database(path)
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "tests.benchmarks.stand_in_settings")
    monkeypatch.setattr(ingest, "MAX_REQUESTS", 40)


def test_ingest_measurement_posts_through_gunicorn(stand_in_server):
    context = registry.BenchContext(shape=SHAPE, options={"api_token": STAND_IN_TOKEN})

    (result,) = ingest.measure_ingest(context)

    assert result.value > 0
    assert result.unit == "sessions/s"
    assert result.note == "responses by status: {201: 40}"


def test_ingest_measurement_counts_rejected_requests(stand_in_server):
    context = registry.BenchContext(shape=SHAPE, options={"api_token": "wrong"})

    (result,) = ingest.measure_ingest(context)

    assert result.value == 0
    assert result.met is False
    assert result.note == "responses by status: {401: 40}"


def test_ingest_measurement_needs_a_token(monkeypatch):
    monkeypatch.delenv("BENCH_API_TOKEN", raising=False)
    context = registry.BenchContext(shape=SHAPE)

    (result,) = ingest.measure_ingest(context)

    assert result.value is None
    assert result.note == "not measured: no API token (--api-token)"
