import csv
import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from sessions_app.export import Echo, SessionExport
from sessions_app.models import Session
from sessions_app.sorting import order_sessions
from tests.factories import SessionFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="COPY is PostgreSQL's"
    ),
]


def utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


def export_both_ways(zone):
    """Return the CSV body of every session as COPY writes it and as Python does."""
    with timezone.override(zone):
        export = SessionExport(
            order_sessions(Session.objects.all(), "-created_at"),
            user=UserFactory.build(username="exporter"),
            filters={},
        )
    copied = b"".join(export.copied_lines()).decode()
    written = "".join(export.written_lines(csv.writer(Echo())))
    return copied, written


def store(session, **values):
    """Write values straight to a stored session, past enrichment and save()."""
    Session.objects.filter(pk=session.pk).update(**values)


@pytest.fixture
def awkward_sessions():
    """Sessions with every kind of value whose CSV text is easy to get wrong."""
    formulas = SessionFactory(
        session_id="copy-session-1",
        user=UserFactory(username="=cmd", email="+a@example.org"),
        service="-Payroll",
        ip_address="2001:db8:0:0:1::1",
        user_agent='@SUM(A1), "quoted"\nsecond line',
        created_at=utc(2024, 3, 31, 0, 59, 59, 999999),
    )
    store(
        formulas,
        os_family="\tWindows",
        os_version="\r10",
        browser_family="",
        continent="",
        country_code="CI",
        country="Côte d'Ivoire",
        city="Abidjan, Plateau",
        latitude=60.0,
        longitude=-0.5,
        accuracy_radius=None,
        updated_at=utc(2024, 10, 27, 1, 0, 0),
        ended_at=utc(2024, 10, 27, 2, 30, 0),
    )
    unlocated = SessionFactory(
        user=UserFactory(username="plain", email=""),
        service="Mail",
        ip_address=None,
        user_agent="",
        created_at=utc(2023, 1, 1),
    )
    store(unlocated, latitude=None, longitude=None, city="", country="")
    rounding = SessionFactory(service="Wiki", created_at=utc(2022, 6, 1, 12))
    store(rounding, latitude=0.1 + 0.2, longitude=-122.3149, accuracy_radius=1000)


@pytest.mark.parametrize(
    "zone",
    ["UTC", "Europe/Stockholm", "America/St_Johns", "Asia/Kolkata", "Pacific/Chatham"],
)
def test_copy_writes_what_python_writes(awkward_sessions, zone):
    copied, written = export_both_ways(ZoneInfo(zone))

    assert copied == written
    assert copied.count("\r\n") == 3


def test_copy_quotes_and_neutralises_cells(awkward_sessions):
    copied, _written = export_both_ways(ZoneInfo("UTC"))

    assert copied.startswith(
        "copy-session-1,'=cmd,'+a@example.org,'-Payroll,'\tWindows,\"'\r10\",,"
        '2001:db8::1:0:0:1,,CI,Côte d\'Ivoire,"Abidjan, Plateau",60.0,-0.5,,'
        "2024-03-31T00:59:59+00:00,2024-10-27T01:00:00+00:00,"
        "2024-10-27T02:30:00+00:00,"
        '"\'@SUM(A1), ""quoted""\nsecond line"\r\n'
    )
