"""CSV export rows per second and peak memory, against COPY of the same rows."""

import time

from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from sessions_app.benchmarks.memory import PeakMemory
from sessions_app.benchmarks.pages import PageError, signed_in_client
from sessions_app.benchmarks.registry import measurement
from sessions_app.benchmarks.results import Result
from sessions_app.benchmarks.samples import pick_samples
from sessions_app.export import EXPORT_COLUMNS
from sessions_app.filters import SessionFilterSet
from sessions_app.models import Session
from sessions_app.sorting import order_sessions, parse_sort

GROUP = "CSV export"
MEMORY_TARGET_MB = 150
COPY_SHARE_TARGET = 0.5


def stream_export(client, path):
    """Download an export; return its data rows, seconds and memory."""
    with PeakMemory() as memory:
        started = time.perf_counter()
        response = client.get(path)
        if response.status_code != 200:
            raise PageError(f"status {response.status_code}")
        lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        seconds = time.perf_counter() - started
    # The first line is the header; the loaded data has no line breaks in values.
    return lines - 1, seconds, memory


def plain_query(query_string):
    """Return the SQL and parameters that select the exported columns of the rows an
    export with ``query_string`` writes, unformatted, in the export's order."""
    query = QueryDict(query_string)
    filterset = SessionFilterSet(query, queryset=Session.objects.all())
    if not filterset.is_valid():
        raise ValueError(f"invalid export filters: {filterset.errors.as_json()}")
    sessions = order_sessions(filterset.qs, parse_sort(query.get("sort")))
    rows = sessions.values_list(*(name for name, _label in EXPORT_COLUMNS))
    return rows.query.sql_with_params()


def copy_rows(sql, params):
    """Read the rows of a query through COPY TO STDOUT as CSV; return rows, seconds."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
        with cursor.cursor.copy(statement, params) as copy:
            for _row in copy:
                pass
        rows = cursor.cursor.rowcount
    return rows, time.perf_counter() - started


def measure_case(client, name, query_string):
    """Return the rows-per-second and memory rows of one export."""
    path = reverse("sessions_app:session_export")
    if query_string:
        path = f"{path}?{query_string}"
    try:
        rows, seconds, memory = stream_export(client, path)
    except PageError as error:
        return [Result(GROUP, name, None, "", note=f"not measured: {error}")]
    copied, copy_seconds = copy_rows(*plain_query(query_string))

    rate, copy_rate = rows / seconds, copied / copy_seconds
    return [
        Result(
            GROUP,
            f"{name}: rows/s",
            rate,
            "rows/s",
            baseline=copy_rate,
            baseline_name="COPY TO STDOUT CSV",
            target=f">= {COPY_SHARE_TARGET:.0%} of COPY",
            met=rate >= COPY_SHARE_TARGET * copy_rate,
            note=(
                f"{path} | {rows:,} rows exported in {seconds:.1f} s, "
                f"{copied:,} copied in {copy_seconds:.1f} s"
            ),
        ),
        Result(
            GROUP,
            f"{name}: peak memory",
            memory.growth_mb,
            "MB",
            target=f"< {MEMORY_TARGET_MB} MB",
            met=memory.growth_mb < MEMORY_TARGET_MB,
            note=f"growth over {memory.start / 2**20:.0f} MB resident before",
        ),
    ]


@measurement("export", group=GROUP)
def measure_export(context):
    """Export every session, then the tenth of them that one service holds."""
    client = signed_in_client(
        "bench-exporter", permissions=["view_session", "export_session"]
    )
    service = pick_samples().service
    cases = [("all rows", ""), (f"service={service}", f"service={service}")]
    results = []
    for name, query_string in cases:
        results.extend(measure_case(client, name, query_string))
    return results
