import pytest
from django.core import checks

from sessions_app.checks import check_activity_interval, check_geolocation_database


def test_usable_database_passes(geolocation_database):
    assert check_geolocation_database() == []


def test_unusable_database_is_reported(unusable_database, use_geolocation_database):
    use_geolocation_database(unusable_database)

    [warning] = check_geolocation_database()

    assert warning.id == "sessions_app.W001"
    assert warning.level == checks.WARNING
    assert warning.msg.startswith(f"Geolocation database {unusable_database} ")
    assert "CONSOLE_GEOIP_DATABASE" in warning.hint


def test_warning_is_among_registered_checks(
    unusable_database, use_geolocation_database
):
    use_geolocation_database(unusable_database)

    reported = checks.run_checks(include_deployment_checks=False)

    assert "sessions_app.W001" in [message.id for message in reported]


def test_country_database_is_named_in_warning(tmp_path, use_geolocation_database):
    from tests.geoip_builder import build_country_database

    path = build_country_database(tmp_path / "Country.mmdb")
    use_geolocation_database(path)

    [warning] = check_geolocation_database()

    assert warning.msg == (
        f"Geolocation database {path} is a GeoLite2-Country database; "
        "a City database is needed."
    )


def test_missing_database_is_reported(tmp_path, use_geolocation_database):
    use_geolocation_database(tmp_path / "GeoLite2-City.mmdb")

    [warning] = check_geolocation_database()

    assert warning.msg == (
        f"Geolocation database not found: {tmp_path / 'GeoLite2-City.mmdb'}"
    )


def test_unset_database_is_reported(settings):
    settings.CONSOLE_GEOIP_DATABASE = ""

    [warning] = check_geolocation_database()

    assert warning.msg == "No geolocation database is configured."


@pytest.mark.parametrize("interval", [0, 300, 2.5])
def test_activity_interval_accepts_seconds(interval, settings):
    settings.CONSOLE_ACTIVITY_INTERVAL = interval

    assert check_activity_interval() == []


@pytest.mark.parametrize("interval", [-1, "300", None, True])
def test_activity_interval_rejects_other_values(interval, settings):
    settings.CONSOLE_ACTIVITY_INTERVAL = interval

    errors = check_activity_interval()

    assert [error.id for error in errors] == ["sessions_app.E001"]
    assert errors[0].msg == (
        f"CONSOLE_ACTIVITY_INTERVAL is {interval!r}, not a number of seconds."
    )
