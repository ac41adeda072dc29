"""The console's session list and detail pages against their own SQL: the first and
deepest pages, each filter, each search and each sort."""

import math
from urllib.parse import urlencode

from django.urls import reverse

from sessions_app.benchmarks.pages import measure_page, signed_in_client
from sessions_app.benchmarks.registry import measurement
from sessions_app.benchmarks.samples import pick_samples
from sessions_app.conf import console_settings
from sessions_app.sorting import SORT_FIELDS
from sessions_app.views.sessions import PAGE_SIZES

GROUP = "console list"
# A page number past any real end: the list shows its deepest page instead.
PAST_THE_END = 999_999


def deepest_page(page_size=PAGE_SIZES[0]):
    """Return the deepest page number that the list serves at ``page_size``."""
    return math.ceil(console_settings.LIST_MAX_PAGED_ROWS / page_size)


def filter_cases(samples):
    """Return (name, query) pairs of each filter and search, with values that the
    loaded sessions contain."""
    created, updated = samples.created_day.isoformat(), samples.updated_day.isoformat()
    return [
        ("filter user", {"user": samples.username}),
        ("filter service", {"service": samples.service}),
        ("filter continent", {"continent": "EU"}),
        ("filter country code", {"country": "GB"}),
        ("filter country name", {"country": "Sweden"}),
        ("filter OS", {"os": samples.os_family}),
        ("filter IP network", {"ip": samples.network}),
        ("filter created on a day", {"created_from": created, "created_to": created}),
        ("filter updated on a day", {"updated_from": updated, "updated_to": updated}),
        ("filter unusual", {"unusual": "true"}),
        ("filter usual", {"unusual": "false"}),
        ("filter reason", {"reason": "impossible_travel"}),
        ("search username", {"q": samples.username}),
        ("search city", {"q": samples.city}),
        ("search service", {"q": samples.service.lower()}),
        ("search session id", {"q": samples.session_id}),
        ("search IP address", {"q": samples.ip_address}),
        ("search without match", {"q": "no-such-session"}),
    ]


def sort_cases():
    """Return (name, query) pairs of each sort key both ways, and of its deepest
    page."""
    cases = []
    for key in SORT_FIELDS:
        cases += [
            (f"sort {key}", {"sort": key}),
            (f"sort -{key}", {"sort": f"-{key}"}),
            (f"sort {key}, deepest page", {"sort": key, "page": deepest_page()}),
        ]
    return cases


def list_cases(samples):
    """Return (name, query) pairs: pages, filters, searches and sorts."""
    pages = [
        ("first page", {}),
        ("first page of 100", {"per_page": 100}),
        (f"deepest page {deepest_page()}", {"page": deepest_page()}),
        ("page past the end", {"page": PAST_THE_END}),
        (
            f"deepest page of 100 ({deepest_page(100)})",
            {"per_page": 100, "page": deepest_page(100)},
        ),
    ]
    return pages + filter_cases(samples) + sort_cases()


@measurement("list", group=GROUP)
def measure_list(context):
    """Time each list page and a detail page against their SQL, as staff with the
    view permission."""
    client = signed_in_client("bench-staff", permissions=["view_session"])
    samples = pick_samples()
    list_url = reverse("sessions_app:session_list")
    results = []
    for name, query in list_cases(samples):
        path = f"{list_url}?{urlencode(query)}" if query else list_url
        results.append(measure_page(context, client, group=GROUP, name=name, path=path))

    detail_url = reverse("sessions_app:session_detail", args=[samples.session_id])
    results.append(
        measure_page(
            context, client, group="console detail", name="one session", path=detail_url
        )
    )
    return results
