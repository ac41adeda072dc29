"""CSV export rows per second and peak memory, against COPY of the same rows."""

import re
import time
from urllib.parse import urlencode

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions_app.benchmarks.memory import PeakMemory
from sessions_app.benchmarks.pages import PageError, signed_in_client
from sessions_app.benchmarks.registry import measurement
from sessions_app.benchmarks.results import Result
from sessions_app.benchmarks.samples import pick_samples
from sessions_app.models import Session

EXPORT_URL = "/sessions/export.csv"
MEMORY_TARGET_MB = 150
COPY_SHARE_TARGET = 0.5


def stream_export(client, path):
    """Download an export; return its data rows, seconds, memory and statements."""
    with CaptureQueriesContext(connection) as captured, PeakMemory() as memory:
        started = time.perf_counter()
        response = client.get(path)
        if response.status_code != 200:
            raise PageError(f"status {response.status_code}")
        chunks = (
            response.streaming_content if response.streaming else [response.content]
        )
        lines = sum(chunk.count(b"\n") for chunk in chunks)
        seconds = time.perf_counter() - started
    statements = [query["sql"] for query in captured.captured_queries]
    # The first line is the header; the loaded data has no line breaks in values.
    return lines - 1, seconds, memory, statements


# A server-side cursor (QuerySet.iterator() on PostgreSQL) is captured as its DECLARE.
DECLARE_PREFIX = re.compile(r"^\s*DECLARE\s.*?\bCURSOR\b.*?\bFOR\s+", re.I | re.S)


def main_statement(statements):
    """Return the longest statement that reads the session table: the export's query,
    without the DECLARE of a server-side cursor."""
    table = f'"{Session._meta.db_table}"'
    reads = [statement for statement in statements if table in statement]
    return DECLARE_PREFIX.sub("", max(reads, key=len), count=1)


def copy_rows(statement):
    """Run COPY of a statement's rows to CSV; return rows and seconds."""
    if not statement.lstrip().upper().startswith("COPY"):
        statement = f"COPY ({statement}) TO STDOUT WITH CSV"
    started = time.perf_counter()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(statement) as copy:
            lines = sum(bytes(block).count(b"\n") for block in copy)
    return lines, time.perf_counter() - started


def measure_case(client, name, query):
    """Return the rows-per-second and memory rows of one export."""
    path = f"{EXPORT_URL}?{urlencode(query)}" if query else EXPORT_URL
    try:
        rows, seconds, memory, statements = stream_export(client, path)
    except PageError as error:
        return [Result("CSV export", name, None, "", note=f"not measured: {error}")]
    copied, copy_seconds = copy_rows(main_statement(statements))

    rate, copy_rate = rows / seconds, copied / copy_seconds
    return [
        Result(
            "CSV export",
            f"{name}: rows/s",
            rate,
            "rows/s",
            baseline=copy_rate,
            baseline_name="COPY TO STDOUT CSV",
            target=f">= {COPY_SHARE_TARGET:.0%} of COPY",
            met=rate >= COPY_SHARE_TARGET * copy_rate,
            note=f"{path} | {rows:,} rows exported, {copied:,} copied",
        ),
        Result(
            "CSV export",
            f"{name}: peak memory",
            memory.growth_mb,
            "MB",
            target=f"< {MEMORY_TARGET_MB} MB",
            met=memory.growth_mb < MEMORY_TARGET_MB,
            note=f"growth over {memory.start / 2**20:.0f} MB resident before",
        ),
    ]


@measurement("export", group="CSV export", requires=[EXPORT_URL])
def measure_export(context):
    """Export every session, then the tenth of them that one service holds."""
    client = signed_in_client("bench-staff", permissions=["view_session"])
    service = pick_samples().service
    cases = [("all rows", {}), (f"service={service}", {"service": service})]
    results = []
    for name, query in cases:
        results.extend(measure_case(client, name, query))
    return results
