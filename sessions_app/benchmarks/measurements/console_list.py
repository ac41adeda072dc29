"""The console's session list: each page, filter and sort against its own SQL."""

from urllib.parse import urlencode

from sessions_app.benchmarks.pages import measure_page, signed_in_client
from sessions_app.benchmarks.registry import measurement
from sessions_app.benchmarks.samples import pick_samples

LIST_URL = "/sessions/"
DEEP_PAGE = 1000
SORTS = ["created_at", "-created_at", "service", "country", "user"]


def list_cases(samples):
    """Return (name, query) pairs: first and deep page, each filter, each sort."""
    cases = [
        ("first page", {}),
        (f"deep page {DEEP_PAGE}", {"page": DEEP_PAGE}),
        ("filter country", {"country": "GB"}),
        ("filter service", {"service": samples.service}),
        ("filter continent", {"continent": "EU"}),
        ("filter user", {"user": samples.username}),
    ]
    cases += [(f"sort {sort}", {"sort": sort}) for sort in SORTS]
    return cases


@measurement("list", group="console list", requires=[LIST_URL])
def measure_list(context):
    """Time each list page against its SQL, as staff with the view permission."""
    client = signed_in_client("bench-staff", permissions=["view_session"])
    results = []
    for name, query in list_cases(pick_samples()):
        path = f"{LIST_URL}?{urlencode(query)}" if query else LIST_URL
        results.append(
            measure_page(context, client, group="console list", name=name, path=path)
        )
    return results
