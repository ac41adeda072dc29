import pytest
from django.db import connection

from sessions_app.benchmarks import registry
from sessions_app.benchmarks.measurements.console_list import measure_list
from sessions_app.benchmarks.measurements.export import main_statement, measure_export
from sessions_app.benchmarks.samples import TENTH_SERVICE
from tests.factories import SessionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.benchmarks.stand_in_urls"),
]


@pytest.fixture
def sessions():
    SessionFactory.create_batch(3, service="Mail")
    SessionFactory.create_batch(2, service=TENTH_SERVICE)


def test_list_measurement_times_every_case(sessions):
    context = registry.BenchContext(shape=None, repeat=1)

    results = measure_list(context)

    assert [r.name for r in results][:3] == [
        "first page",
        "deep page 1000",
        "filter country",
    ]
    assert all(r.value > 0 and r.baseline > 0 for r in results)
    assert results[0].target == "< 100 ms, <= 3x SQL"


def test_list_measurement_runs_once_urls_resolve(sessions):
    context = registry.BenchContext(shape=None, repeat=1, write=lambda line: None)

    results = registry.run_measurement(registry.MEASUREMENTS["list"], context)

    assert results[0].value is not None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_export_measurement_compares_with_copy(sessions):
    context = registry.BenchContext(shape=None, repeat=1)

    results = measure_export(context)

    names = [r.name for r in results]
    assert names == [
        "all rows: rows/s",
        "all rows: peak memory",
        f"service={TENTH_SERVICE}: rows/s",
        f"service={TENTH_SERVICE}: peak memory",
    ]
    assert results[0].note.endswith("| 5 rows exported, 5 copied")
    assert results[2].note.endswith("| 2 rows exported, 2 copied")
    assert results[0].value > 0
    assert results[0].baseline > 0
    assert results[1].unit == "MB"
    assert results[1].met is True


@pytest.mark.parametrize(
    "statement",
    [
        'SELECT "sessions_app_session"."session_id" FROM "sessions_app_session"',
        'DECLARE "_django_curs_1_sync_1" NO SCROLL CURSOR WITH HOLD FOR '
        'SELECT "sessions_app_session"."session_id" FROM "sessions_app_session"',
        'declare c cursor for\nSELECT "sessions_app_session"."session_id" '
        'FROM "sessions_app_session"',
    ],
)
def test_export_statement_drops_cursor_declaration(statement):
    statements = ['SELECT 1 FROM "django_session"', statement]

    assert main_statement(statements) == (
        'SELECT "sessions_app_session"."session_id" FROM "sessions_app_session"'
    )
