"""Time the staff session pages and the CSV export on a large PostgreSQL table.

Run from the project root against a database of your own, which it fills with
``--sessions`` generated sessions if it has fewer:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/console_bench \\
        .venv/bin/python benchmarks/bench_session_pages.py --sessions 1000000

It prints the median time and the query count of each list request, the time of a
detail page, and the time, size and peak memory of a full export.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "console.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("CONSOLE_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from sessions_app.models import Session  # noqa: E402

LIST_CASES = [
    ("no filter", {}),
    ("page 2,000", {"page": "2000"}),
    ("page past the end", {"page": "999999"}),
    ("country SE", {"country": "SE"}),
    ("country Sweden", {"country": "Sweden"}),
    ("service mail", {"service": "mail"}),
    ("user user7", {"user": "user7"}),
    ("IP network /16", {"ip": "10.1.0.0/16"}),
    ("created on one day", {"created_from": "2025-06-01", "created_to": "2025-06-01"}),
    ("updated on one day", {"updated_from": "2025-06-01", "updated_to": "2025-06-01"}),
    ("search london", {"q": "london"}),
    ("search without match", {"q": "zzz"}),
    ("sort by user", {"sort": "user"}),
    ("sort by service", {"sort": "-service"}),
    ("sort by OS", {"sort": "os"}),
    ("sort by location", {"sort": "location"}),
    ("sort by IP address", {"sort": "ip_address"}),
    ("sort by updated at", {"sort": "-updated_at"}),
    ("100 per page", {"per_page": "100"}),
]

# Sessions one minute apart, ending 2025-12-31, from 1,000 users, seven countries and
# consecutive IPv4 addresses from 10.0.0.1.
SEED_USERS_SQL = """
INSERT INTO auth_user (password, is_superuser, username, first_name, last_name,
    email, is_staff, is_active, date_joined)
SELECT '!', false, 'user' || i, '', '', 'user' || i || '@example.com', false, true,
    now()
FROM generate_series(1, 1000) AS i
ON CONFLICT (username) DO NOTHING
"""

SEED_SESSIONS_SQL = """
INSERT INTO sessions_app_session (session_id, user_id, service, user_agent, os_family,
    os_version, browser_family, ip_address, ip_address_hex, continent_code, continent,
    country_code, country, city, latitude, longitude, accuracy_radius, created_at,
    updated_at)
SELECT md5('bench' || i),
    (SELECT id FROM auth_user WHERE username = 'user' || (mod(i, 1000) + 1)),
    (ARRAY['Mail', 'Wiki', 'Chat', 'Calendar', 'Payroll'])[mod(i, 5) + 1],
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 '
        '(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    (ARRAY['Windows', 'Mac OS X', 'Android', 'iOS', 'Ubuntu'])[mod(i, 5) + 1], '10',
    'Chrome',
    '0.0.0.0'::inet + (167772160 + i),
    '00000000000000000000ffff' || lpad(to_hex(167772160 + i), 8, '0'),
    'EU', 'Europe',
    (ARRAY['SE', 'GB', 'DE', 'FR', 'NL', 'ES', 'IT'])[mod(i, 7) + 1],
    (ARRAY['Sweden', 'United Kingdom', 'Germany', 'France', 'Netherlands', 'Spain',
        'Italy'])[mod(i, 7) + 1],
    (ARRAY['Linköping', 'London', 'Berlin', 'Paris', 'Amsterdam', 'Madrid',
        'Rome'])[mod(i, 7) + 1],
    58.4, 15.6, 50,
    timestamptz '2025-12-31 23:59:00+00' - i * interval '1 minute',
    timestamptz '2025-12-31 23:59:00+00' - i * interval '1 minute'
        + interval '5 minutes'
FROM generate_series(%s, %s) AS i
"""


def seed(total):
    """Add generated sessions until the table has ``total`` of them."""
    existing = Session.objects.count()
    if existing >= total:
        return
    print(f"Adding {total - existing:,} sessions …", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(SEED_USERS_SQL)
        cursor.execute(SEED_SESSIONS_SQL, [existing + 1, total])
        cursor.execute("ANALYZE")


def signed_in_client():
    """Return a test client signed in as a superuser made for the benchmark."""
    settings.ALLOWED_HOSTS = ["testserver"]
    user, _created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    return client


def time_request(client, url, params, repeat=3):
    """Return the median seconds and the query count of a request."""
    times = []
    for _attempt in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url, params)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, params, response.status_code)
    return statistics.median(times), len(queries)


def time_export(client):
    """Return the seconds, bytes and peak resident memory in MB of a full export."""
    start = time.perf_counter()
    response = client.get("/sessions/export.csv")
    size = sum(len(chunk) for chunk in response.streaming_content)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return elapsed, size, peak_mb


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1_000_000)
    parser.add_argument("--skip-export", action="store_true")
    arguments = parser.parse_args()
    if connection.vendor != "postgresql":
        parser.error("Set DATABASE_URL to a PostgreSQL database of your own.")

    call_command("migrate", verbosity=0)
    seed(arguments.sessions)
    client = signed_in_client()
    print(f"{Session.objects.count():,} sessions")

    for name, params in LIST_CASES:
        seconds, queries = time_request(client, "/sessions/", params)
        print(f"list, {name:24} {seconds * 1000:7.0f} ms  {queries} queries")

    session_id = Session.objects.values_list("session_id", flat=True)[500]
    seconds, queries = time_request(client, f"/sessions/{session_id}/", {})
    print(f"detail{'':26} {seconds * 1000:7.0f} ms  {queries} queries")

    if not arguments.skip_export:
        seconds, size, peak_mb = time_export(client)
        print(
            f"export of every session: {seconds:.1f} s, {size / 1e6:.0f} MB, "
            f"peak resident memory {peak_mb:.0f} MB"
        )


if __name__ == "__main__":
    main()
