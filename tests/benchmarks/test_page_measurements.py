import pytest
from django.db import connection

from sessions_app.benchmarks import registry
from sessions_app.benchmarks.measurements.console_list import (
    deepest_page,
    list_cases,
    measure_list,
)
from sessions_app.benchmarks.measurements.export import measure_export, plain_query
from sessions_app.benchmarks.samples import TENTH_SERVICE, pick_samples
from sessions_app.sorting import SORT_FIELDS
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions():
    SessionFactory.create_batch(3, service="Mail")
    SessionFactory.create_batch(2, service=TENTH_SERVICE)


def test_list_cases_cover_pages_filters_and_sorts(sessions):
    names = [name for name, _query in list_cases(pick_samples())]

    assert names[:4] == [
        "first page",
        "first page of 100",
        "deepest page 400",
        "page past the end",
    ]
    assert "filter updated on a day" in names
    assert "search without match" in names
    for key in SORT_FIELDS:
        assert f"sort {key}" in names
        assert f"sort -{key}" in names
        assert f"sort {key}, deepest page" in names


def test_deepest_page_follows_max_paged_rows(settings):
    settings.CONSOLE_LIST_MAX_PAGED_ROWS = 1000

    assert deepest_page() == 40
    assert deepest_page(100) == 10


def test_list_measurement_times_every_page(sessions):
    context = registry.BenchContext(shape=None, repeat=1)

    results = measure_list(context)

    assert len(results) == len(list_cases(pick_samples())) + 1
    assert all(r.value > 0 and r.baseline > 0 for r in results), [
        r.note for r in results if r.value is None
    ]
    assert results[0].target == "< 100 ms, <= 3x SQL"
    assert results[-1].group == "console detail"


def test_export_baseline_selects_the_exported_rows(sessions):
    sql, params = plain_query(f"service={TENTH_SERVICE}&sort=user")

    assert '"auth_user"."email"' in sql
    assert sql.endswith('"sessions_app_session"."id" ASC')
    assert TENTH_SERVICE.upper() in [str(param).upper() for param in params]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_export_measurement_compares_with_copy(sessions):
    context = registry.BenchContext(shape=None, repeat=1)

    results = measure_export(context)

    assert [r.name for r in results] == [
        "all rows: rows/s",
        "all rows: peak memory",
        f"service={TENTH_SERVICE}: rows/s",
        f"service={TENTH_SERVICE}: peak memory",
    ]
    assert "| 5 rows exported in " in results[0].note
    assert ", 5 copied in " in results[0].note
    assert "| 2 rows exported in " in results[2].note
    assert results[0].value > 0
    assert results[0].baseline > 0
    assert results[1].unit == "MB"
    assert results[1].met is True
