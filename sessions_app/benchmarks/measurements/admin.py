"""The session admin's change list, tuned and with Django's defaults, on one dataset."""

import dataclasses
import math
from datetime import timedelta
from urllib.parse import urlencode

from django.test.utils import override_settings
from django.utils import timezone

from sessions_app.benchmarks.pages import measure_page, signed_in_client
from sessions_app.benchmarks.registry import measurement
from sessions_app.benchmarks.samples import pick_samples
from sessions_app.benchmarks.urls import BASELINE_ADMIN_PREFIX
from sessions_app.conf import console_settings

ADMIN_PREFIX = "admin/"
CHANGE_LIST_PATH = "sessions_app/session/"
ADMIN_PER_PAGE = 100
# Half-way through a million sessions: what an unbounded deep page costs.
BASELINE_DEEP_PAGE = 5000


def admin_cases(samples, *, baseline):
    """Return (name, query) pairs; the baseline filters take Django's parameters."""

    def choice(field, code, name):
        return {f"{field}__exact": name} if baseline else {field: code}

    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    max_rows = console_settings.ADMIN_MAX_PAGED_ROWS
    deep_page = BASELINE_DEEP_PAGE if baseline else math.ceil(max_rows / ADMIN_PER_PAGE)
    year, month = samples.year, samples.month
    return [
        ("first page", {}),
        (f"deep page {deep_page}", {"p": deep_page}),
        ("filter service", choice("service", samples.service, samples.service)),
        ("filter continent", choice("continent", "EU", "Europe")),
        ("filter country", choice("country", "GB", "United Kingdom")),
        (
            "filter past 7 days",
            {
                "created_at__gte": str(today - timedelta(days=7)),
                "created_at__lt": str(today + timedelta(days=1)),
            },
        ),
        ("dates of a year", {"created_at__year": year}),
        ("dates of a month", {"created_at__year": year, "created_at__month": month}),
        ("search username", {"q": samples.username}),
        ("search session id", {"q": samples.session_id}),
        ("search IP address", {"q": samples.ip_address}),
        ("search without match", {"q": "no-such-user"}),
    ]


def measure_cases(context, group, prefix, cases, *, explain_sql=True):
    client = signed_in_client("bench-admin", superuser=True)
    results = []
    for name, query in cases:
        path = f"/{prefix}{CHANGE_LIST_PATH}"
        if query:
            path = f"{path}?{urlencode(query)}"
        # The admin renders every cell through Django's generic display code, so only
        # the absolute target applies. The ratio to its SQL is still shown.
        results.append(
            measure_page(
                context,
                client,
                group=group,
                name=name,
                path=path,
                sql_factor=None,
                explain_sql=explain_sql,
            )
        )
    return results


@measurement("admin", group="admin")
def measure_admin(context):
    """Time the session admin's change list pages against their SQL."""
    cases = admin_cases(pick_samples(), baseline=False)
    return measure_cases(context, "admin", ADMIN_PREFIX, cases)


@measurement("admin-baseline", group="admin, Django defaults")
def measure_baseline_admin(context):
    """Time the same pages with Django's default filters, dates and search.

    These pages take seconds each, so they run once, without plans.
    """
    cases = admin_cases(pick_samples(), baseline=True)
    context = dataclasses.replace(context, repeat=1)
    with override_settings(ROOT_URLCONF="sessions_app.benchmarks.urls"):
        return measure_cases(
            context,
            "admin, Django defaults",
            BASELINE_ADMIN_PREFIX,
            cases,
            explain_sql=False,
        )
