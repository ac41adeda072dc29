"""Time a page against the SQL it runs, and explain the list queries it sends."""

import contextlib
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.auth.signals import user_logged_in
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sessions_app.models import Session

from .results import Result, time_call

PAGE_TARGET_MS = 100
SQL_FACTOR_TARGET = 3
SIGN_IN_RECEIVER = "sessions_app.record_session_on_sign_in"


class PageError(Exception):
    """A page returned a status other than 200 OK."""


@contextlib.contextmanager
def sign_ins_not_recorded():
    """Keep benchmark sign-ins out of the session table, whose size must not change."""
    from sessions_app.signals import record_session_on_sign_in

    user_logged_in.disconnect(dispatch_uid=SIGN_IN_RECEIVER)
    try:
        yield
    finally:
        user_logged_in.connect(record_session_on_sign_in, dispatch_uid=SIGN_IN_RECEIVER)


def signed_in_client(username, *, superuser=False, permissions=()):
    """Return a test client signed in as a staff user with the given permissions
    (codenames of the session app, such as ``view_session``)."""
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.com"}
    )
    user.is_staff = True
    user.is_superuser = superuser
    user.save()
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="sessions_app", codename__in=permissions
        )
    )

    client = Client(HTTP_HOST="127.0.0.1")
    with sign_ins_not_recorded():
        client.force_login(user)
    return client


def fetch(client, path):
    """Request a page, read all of its body and return the response."""
    response = client.get(path)
    if response.status_code != 200:
        raise PageError(f"status {response.status_code}")
    if response.streaming:
        for _ in response.streaming_content:
            pass
    else:
        response.content  # noqa: B018 -- rendering happens on first access
    return response


def capture_statements(client, path):
    """Return the SQL statements one request of ``path`` sends."""
    with CaptureQueriesContext(connection) as captured:
        fetch(client, path)
    return [query["sql"] for query in captured.captured_queries]


def is_read(statement):
    return statement.lstrip().upper().startswith(("SELECT", "WITH", "EXPLAIN"))


def is_list_query(statement):
    """Return whether a statement reads the session table (and is no plan request)."""
    table = f'"{Session._meta.db_table}"'
    return table in statement and statement.lstrip().upper().startswith(
        ("SELECT", "WITH")
    )


def run_statements(statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
            cursor.fetchall()


def explain(statement):
    """Return the EXPLAIN (ANALYZE, BUFFERS) plan of a statement as text."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}")
        return "\n".join(row[0] for row in cursor.fetchall())


def page_target(page_ms, sql_ms, sql_factor):
    """Return the target text and whether a page time meets it."""
    if sql_factor is None:
        return f"< {PAGE_TARGET_MS} ms", page_ms < PAGE_TARGET_MS
    target = f"< {PAGE_TARGET_MS} ms, <= {sql_factor}x SQL"
    return target, page_ms < PAGE_TARGET_MS and page_ms <= sql_factor * sql_ms


def measure_page(
    context,
    client,
    *,
    group,
    name,
    path,
    sql_factor=SQL_FACTOR_TARGET,
    explain_sql=True,
):
    """Return the median time of a page beside the median time of its own SQL.

    The first request is left out of the median: it loads templates and fills caches
    that every later request of a running server finds full.
    """
    started = time.perf_counter()
    try:
        fetch(client, path)
    except PageError as error:
        return Result(group, name, None, "ms", note=f"not measured: {error}")
    first_ms = (time.perf_counter() - started) * 1000

    statements = capture_statements(client, path)
    page = time_call(lambda: fetch(client, path), repeat=context.repeat, warmup=0)
    reads = [statement for statement in statements if is_read(statement)]
    sql = time_call(lambda: run_statements(reads), repeat=context.repeat)

    page_ms, sql_ms = page.median * 1000, sql.median * 1000
    target, met = page_target(page_ms, sql_ms, sql_factor)
    plans = [
        (f"query {number}", explain(statement))
        for number, statement in enumerate(statements, start=1)
        if explain_sql
        and is_list_query(statement)
        and connection.vendor == "postgresql"
    ]
    return Result(
        group,
        name,
        page_ms,
        "ms",
        baseline=sql_ms,
        baseline_name="own SQL",
        target=target,
        met=met,
        note=f"{path} | {len(statements)} queries | first request {first_ms:.0f} ms",
        plans=plans,
    )
