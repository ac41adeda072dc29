import csv
import datetime
import io
import logging
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from sessions_app.export import neutralise_formula
from sessions_app.models import Session
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("sessions_app:session_export")
LIST_URL = reverse("sessions_app:session_list")

HEADER = (
    "Session id,Username,Email,Service,OS family,OS version,Browser family,"
    "IP address,Continent,Country code,Country,City,Latitude,Longitude,"
    "Accuracy radius (km),Created at,Updated at,Ended at,User agent\r\n"
)

EXPECTED_CSV = (
    "\ufeff"
    + HEADER
    + "milton-session-0000000000000002,grace,grace@example.org,'+Payroll,,,,"
    "216.160.83.7,North America,US,United States,Milton,47.2513,-122.3149,22,"
    "2024-11-02T10:15:00+01:00,2024-11-02T10:15:00+01:00,"
    '2024-11-03T06:00:00+01:00,"\'=HYPERLINK(""http://example.com"")"\r\n'
    "sweden-session-0000000000000001,ada,ada@example.org,Wiki,Windows,10,Chrome,"
    "89.160.20.1,Europe,SE,Sweden,Linköping,58.4167,15.6167,76,"
    "2024-03-10T09:30:05+01:00,2024-07-01T14:00:00+02:00,,"
    '"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 '
    '(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"\r\n'
)


def utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


def download(response):
    """Return the whole body of a streamed response as text."""
    return b"".join(response.streaming_content).decode("utf-8")


def read_rows(response):
    """Return the CSV rows of an export, without the byte-order mark."""
    return list(csv.reader(io.StringIO(download(response).removeprefix("\ufeff"))))


@pytest.fixture
def two_sessions(settings):
    """Two sessions with every kind of value an export writes, shown in Stockholm."""
    settings.TIME_ZONE = "Europe/Stockholm"
    ada = UserFactory(username="ada", email="ada@example.org")
    grace = UserFactory(username="grace", email="grace@example.org")

    sweden = SessionFactory(
        session_id="sweden-session-0000000000000001",
        user=ada,
        service="Wiki",
        ip_address="89.160.20.1",
        created_at=utc(2024, 3, 10, 8, 30, 5),
    )
    Session.objects.filter(pk=sweden.pk).update(updated_at=utc(2024, 7, 1, 12, 0))

    milton = SessionFactory(
        session_id="milton-session-0000000000000002",
        user=grace,
        service="+Payroll",
        ip_address="216.160.83.7",
        user_agent='=HYPERLINK("http://example.com")',
        created_at=utc(2024, 11, 2, 9, 15),
    )
    Session.objects.filter(pk=milton.pk).update(
        updated_at=utc(2024, 11, 2, 9, 15), ended_at=utc(2024, 11, 3, 5, 0)
    )


# Both fixture sessions were created in 2024; the exporter's own sign-in is later.
IN_2024 = {"created_from": "2024-01-01", "created_to": "2024-12-31"}


def test_export_writes_whole_csv(exporter_client, two_sessions):
    response = exporter_client.get(EXPORT_URL, IN_2024)

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert download(response) == EXPECTED_CSV


def test_export_filename_has_the_local_date(exporter_client, settings):
    settings.TIME_ZONE = "Pacific/Kiritimati"
    today = datetime.datetime.now(ZoneInfo("Pacific/Kiritimati")).date()

    response = exporter_client.get(EXPORT_URL)

    assert response["Content-Disposition"] == (
        f'attachment; filename="sessions-{today:%Y-%m-%d}.csv"'
    )


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_export_neutralises_formula_cells(exporter_client, prefix):
    SessionFactory(
        user=UserFactory(username=f"{prefix}user"),
        service=f"{prefix}Service",
        user_agent=f"{prefix}1+1",
        ip_address=None,
        created_at=utc(2024, 5, 1),
    )

    rows = read_rows(exporter_client.get(EXPORT_URL, IN_2024))

    assert rows[1][1] == f"'{prefix}user"
    assert rows[1][3] == f"'{prefix}Service"
    assert rows[1][18] == f"'{prefix}1+1"


def test_export_keeps_negative_coordinates_numeric(exporter_client, two_sessions):
    rows = read_rows(exporter_client.get(EXPORT_URL, IN_2024))

    assert rows[1][13] == "-122.3149"


def test_export_writes_text_in_utf8(exporter_client):
    SessionFactory(
        user=UserFactory(username="zoë"),
        service="Zürich Mail",
        created_at=utc(2024, 1, 1),
    )

    body = b"".join(exporter_client.get(EXPORT_URL, IN_2024).streaming_content)

    assert body.startswith(b"\xef\xbb\xbfSession id,")
    assert "zoë,zoë@example.com,Zürich Mail,".encode() in body


def list_order(client, params):
    """Return the session ids of every page of the list, in order."""
    ids = []
    for number in range(1, 100):
        response = client.get(LIST_URL, {**params, "page": number, "per_page": 25})
        page = response.context["page"]
        ids += [row.record.session_id for row in page.object_list]
        if not page.has_next():
            return ids
    raise AssertionError("the list has more pages than expected")


@pytest.mark.parametrize("sort", ["user", "-service", "ip_address", "", "-location"])
def test_export_matches_every_page_of_the_list(exporter_client, sort):
    start = utc(2024, 2, 1)
    for index in range(60):
        SessionFactory(
            user=UserFactory(username=f"user{index % 7}"),
            service=["Mail", "Wiki", "Chat"][index % 3],
            ip_address=["89.160.20.1", "81.2.69.160", "2001:480::1"][index % 3],
            created_at=start + datetime.timedelta(hours=index % 11),
        )
    params = {"service": "", "continent": "EU", "sort": sort}

    rows = read_rows(exporter_client.get(EXPORT_URL, {**params, "page": "2"}))

    # Session ids may begin with "-", which the export neutralises like any text.
    expected = [
        neutralise_formula(session_id)
        for session_id in list_order(exporter_client, params)
    ]
    assert [row[0] for row in rows[1:]] == expected
    assert len(rows) == 1 + 40


def test_export_of_nothing_is_the_header(exporter_client):
    response = exporter_client.get(EXPORT_URL, {"service": "Nothing"})

    assert download(response) == "\ufeff" + HEADER


def test_export_rejects_invalid_filters(exporter_client, caplog):
    response = exporter_client.get(
        EXPORT_URL,
        {"ip": "1.2.3.4/40", "created_from": "2024-02-02", "created_to": "2024-02-01"},
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "IP address or network: Enter a valid IP address or network, such as "
        "192.0.2.10, 192.0.2.0/24 or 2001:db8::/32.\n"
        "Created to: The end date must not be before the start date."
    )


def test_export_is_logged_when_the_stream_ends(exporter_client, exporter, caplog):
    SessionFactory(service="Mail", created_at=utc(2024, 1, 1))
    caplog.set_level(logging.INFO, logger="sessions_app.export")

    response = exporter_client.get(EXPORT_URL, {"service": "mail", "page": "3"})
    logged_before_reading = [
        r for r in caplog.records if r.name == "sessions_app.export"
    ]
    download(response)
    records = [r for r in caplog.records if r.name == "sessions_app.export"]

    assert logged_before_reading == []
    assert [record.getMessage() for record in records] == [
        "Session export finished: 1 rows for user exporter "
        f"(id {exporter.pk}), filters {{'service': 'mail', 'sort': '-created_at'}}"
    ]


def test_export_stopped_by_client_is_logged(exporter_client, exporter, caplog):
    for _index in range(3):
        SessionFactory(service="Mail")
    caplog.set_level(logging.INFO, logger="sessions_app.export")

    response = exporter_client.get(EXPORT_URL, {"service": "Mail"})
    next(iter(response.streaming_content))
    response.close()

    messages = [
        r.getMessage() for r in caplog.records if r.name == "sessions_app.export"
    ]
    assert messages == [
        "Session export stopped by the client: 0 rows for user exporter "
        f"(id {exporter.pk}), filters {{'service': 'Mail', 'sort': '-created_at'}}"
    ]


def test_denied_export_is_a_security_event(viewer_client, viewer, caplog):
    response = viewer_client.get(EXPORT_URL)

    records = [r for r in caplog.records if r.name == "sessions_app.security"]
    assert response.status_code == 403
    assert [(r.levelname, r.getMessage()) for r in records] == [
        ("WARNING", f"Denied session export to user viewer (id {viewer.pk})")
    ]


def test_anonymous_export_is_a_security_event(client, caplog):
    response = client.get(EXPORT_URL)

    records = [r for r in caplog.records if r.name == "sessions_app.security"]
    assert response.status_code == 302
    assert [r.getMessage() for r in records] == [
        "Denied session export to an anonymous visitor"
    ]
