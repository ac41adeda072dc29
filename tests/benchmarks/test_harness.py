import json
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sessions_app.benchmarks import registry
from sessions_app.benchmarks.database import check_benchmark_database
from sessions_app.benchmarks.loader import DatasetShape, escape_copy_text
from sessions_app.benchmarks.memory import PeakMemory
from sessions_app.benchmarks.pages import measure_page, signed_in_client
from sessions_app.benchmarks.report import format_table, write_json
from sessions_app.benchmarks.results import Result, not_measured, time_call
from tests.factories import SessionFactory


@pytest.mark.parametrize(
    "value, text",
    [
        (None, "\\N"),
        ("", ""),
        ("plain", "plain"),
        ("tab\there", "tab\\there"),
        ("line\nbreak\r", "line\\nbreak\\r"),
        ("back\\slash", "back\\\\slash"),
        (51.5, "51.5"),
    ],
)
def test_escape_copy_text(value, text):
    assert escape_copy_text(value) == text


def test_time_call_runs_warmup_and_repeats():
    calls = []

    timing = time_call(lambda: calls.append(1), repeat=4, warmup=2)

    assert len(calls) == 6
    assert len(timing.runs) == 4
    assert timing.best <= timing.median


@pytest.fixture
def registered(monkeypatch):
    """Give each test an empty registry."""
    monkeypatch.setattr(registry, "MEASUREMENTS", {})
    return registry.MEASUREMENTS


def test_measurements_run_in_the_given_order(registered):
    @registry.measurement("second", group="admin")
    def measure_second(context):
        return [Result("admin", "second", 2.0, "ms")]

    @registry.measurement("first", group="admin")
    def measure_first(context):
        return [Result("admin", "first", 1.0, "ms")]

    lines = []
    context = registry.BenchContext(shape=None, write=lines.append)
    results = registry.run_measurements(context, ["first", "second"])

    assert [(r.name, r.value) for r in results] == [("first", 1.0), ("second", 2.0)]
    assert lines == ["first: measuring", "second: measuring"]


def test_unknown_measurement_name_raises(registered):
    context = registry.BenchContext(shape=None)

    with pytest.raises(KeyError, match="nothing"):
        registry.run_measurements(context, ["nothing"])


def test_table_shows_figures_targets_and_reasons():
    results = [
        Result(
            "admin",
            "first page",
            42.0,
            "ms",
            baseline=10.5,
            baseline_name="own SQL",
            target="< 100 ms",
            met=True,
        ),
        not_measured("ingest API", "single sessions", "gunicorn exited with code 3"),
    ]

    lines = format_table(results).splitlines()

    assert lines[0].split() == [
        "measurement",
        "console",
        "baseline",
        "ratio",
        "target",
        "met",
    ]
    assert lines[2].split() == [
        "admin:", "first", "page", "42.0", "ms", "10.5", "ms", "(own", "SQL)",
        "4.00x", "<", "100", "ms", "yes",
    ]  # fmt: skip
    assert "not measured: gunicorn exited with code 3" in lines[3]


def test_json_report_holds_every_row(tmp_path):
    path = tmp_path / "out" / "bench.json"
    result = Result("enrichment", "bulk", 50_000.0, "sessions/s", baseline=25_000.0)

    shape = DatasetShape(sessions=10)
    write_json(path, results=[result], load={"rows": 10}, shape=shape, server={})

    document = json.loads(path.read_text())
    assert document["results"][0]["value"] == 50_000.0
    assert document["results"][0]["ratio"] == 2.0
    assert document["load"] == {"rows": 10}
    assert document["dataset"]["sessions"] == 10
    assert document["machine"]["cpus"] >= 1


def test_peak_memory_sees_an_allocation():
    with PeakMemory() as memory:
        block = bytearray(64 * 2**20)
        block[::4096] = b"x" * len(block[::4096])
        # Samples come every 5 ms: hold the block long enough to be seen.
        time.sleep(0.1)
        del block

    assert memory.growth_mb >= 60


@pytest.mark.django_db
def test_benchmark_command_needs_postgresql():
    if connection.vendor == "postgresql":
        pytest.skip("checks the SQLite path")

    with pytest.raises(CommandError, match="The benchmark needs PostgreSQL"):
        call_command("bench", "--sessions", "10")


def test_benchmark_database_name_must_say_bench(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "postgresql")
    monkeypatch.setitem(connection.settings_dict, "NAME", "console")

    with pytest.raises(CommandError, match="'console' does not"):
        check_benchmark_database()


@pytest.mark.django_db
def test_measure_page_times_page_and_its_sql():
    SessionFactory()
    client = signed_in_client("bench-admin", superuser=True)
    context = registry.BenchContext(shape=None, repeat=2)

    result = measure_page(
        context,
        client,
        group="admin",
        name="first",
        path="/admin/sessions_app/session/",
    )

    assert result.value > 0
    assert result.baseline > 0
    assert result.unit == "ms"
    assert "/admin/sessions_app/session/ |" in result.note
    if connection.vendor == "postgresql":
        assert result.plans
        assert all("Execution Time" in plan for _, plan in result.plans)
    else:
        assert result.plans == []


@pytest.mark.django_db
def test_measure_page_reports_error_status():
    client = signed_in_client("bench-viewer")
    context = registry.BenchContext(shape=None, repeat=1)

    result = measure_page(
        context, client, group="admin", name="x", path="/admin/sessions_app/session/"
    )

    assert result.value is None
    assert result.note == "not measured: status 403"


@pytest.mark.django_db
def test_benchmark_sign_in_records_no_session():
    signed_in_client("bench-admin", superuser=True)

    assert SessionFactory._meta.model.objects.count() == 0
