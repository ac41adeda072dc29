import pytest

from sessions_app.models import Session
from sessions_app.services import enrichment
from sessions_app.services.enrichment import enrich_sessions
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_save_fills_location_and_os():
    session = SessionFactory(ip_address="81.2.69.160")

    assert session.continent_code == "EU"
    assert session.continent == "Europe"
    assert session.country_code == "GB"
    assert session.country == "United Kingdom"
    assert session.city == "London"
    assert session.accuracy_radius == 10
    assert session.latitude == pytest.approx(51.5142)
    assert session.os == "Windows 10"
    assert session.browser_family == "Chrome"


def test_changed_address_is_enriched_again():
    session = Session.objects.get(pk=SessionFactory(ip_address="81.2.69.160").pk)

    session.ip_address = "89.160.20.115"
    session.save()

    assert session.city == "Linköping"
    assert session.country_code == "SE"


def test_unchanged_fields_are_not_looked_up_again(monkeypatch):
    session = Session.objects.get(pk=SessionFactory().pk)
    calls = []
    monkeypatch.setattr(
        "sessions_app.services.enrichment.lookup_location",
        lambda *args, **kwargs: calls.append(args),
    )
    monkeypatch.setattr(
        "sessions_app.services.enrichment.parse_user_agent",
        lambda *args: calls.append(args),
    )

    session.service = "Calendar"
    session.save()

    assert calls == []


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",  # private
        "127.0.0.1",  # loopback
        "169.254.10.1",  # link-local
        "100.64.0.1",  # carrier-grade NAT
        "240.0.0.1",  # reserved
        "::1",
        "fe80::1",
        "fd00::1",
        "8.8.8.8",  # public but not in the test database
    ],
)
def test_unlocatable_address_leaves_location_empty(address, caplog):
    session = SessionFactory(ip_address=address)

    assert session.country == ""
    assert session.city == ""
    assert session.latitude is None
    assert [record for record in caplog.records if record.levelname == "ERROR"] == []


def test_missing_database_still_saves(use_geolocation_database, tmp_path, caplog):
    use_geolocation_database(tmp_path / "missing.mmdb")

    first = SessionFactory()
    second = SessionFactory()

    assert first.pk and second.pk
    assert first.country == ""
    warnings = [r for r in caplog.records if "Geolocation disabled" in r.getMessage()]
    assert len(warnings) == 1


def test_bulk_enrichment_matches_save():
    user = UserFactory()
    sessions = enrich_sessions(
        [
            Session(
                user=user,
                service="Mail",
                ip_address="::ffff:175.16.199.1",
                user_agent="Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Firefox/120.0",
            ),
        ]
    )

    assert sessions[0].ip_address == "175.16.199.1"
    assert sessions[0].city == "Changchun"
    assert sessions[0].os_family == "Linux"
    assert sessions[0].browser_family == "Firefox"


def test_bulk_enrichment_looks_up_each_address_once(monkeypatch):
    user = UserFactory()
    lookups = []
    real_lookup = enrichment.lookup_location
    monkeypatch.setattr(
        "sessions_app.services.enrichment.lookup_location",
        lambda address, reader=None: (
            lookups.append(address) or real_lookup(address, reader=reader)
        ),
    )
    addresses = ["81.2.69.160", "::ffff:81.2.69.160", "89.160.20.115", "81.2.69.160"]

    sessions = enrich_sessions(
        [Session(user=user, service="Mail", ip_address=a) for a in addresses]
    )

    assert lookups == ["81.2.69.160", "89.160.20.115"]
    assert [s.city for s in sessions] == ["London", "London", "Linköping", "London"]
