from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from sessions_app.demo.names import SERVICE_ACCOUNT_NAMES
from sessions_app.models import Session
from tests.factories import SessionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("bundled_geolocation_database"),
]


def load_demo_sessions(*args, **options):
    """Run the command quietly; return what it printed."""
    stdout = StringIO()
    call_command("load_demo_sessions", *args, stdout=stdout, verbosity=0, **options)
    return stdout.getvalue()


def test_demo_sessions_are_created_and_enriched():
    started = timezone.now()

    output = load_demo_sessions(count=120, users=10, seed=1)

    sessions = Session.objects.all()
    assert output == "Added 120 demo sessions.\n"
    assert sessions.count() == 120
    assert not sessions.filter(country="").exists()
    assert not sessions.filter(city="").exists()
    assert not sessions.filter(ip_address__isnull=True).exists()
    assert sessions.values("country_code").distinct().count() >= 3
    assert sessions.values("service").distinct().count() >= 3
    people = sessions.exclude(user__username__in=SERVICE_ACCOUNT_NAMES)
    assert not people.filter(os_family="").exists()
    assert people.values("os_family").distinct().count() >= 3
    assert not sessions.filter(updated_at__lt=F("created_at")).exists()
    assert not sessions.filter(updated_at__gt=timezone.now()).exists()
    assert not sessions.filter(created_at__lt=started - timedelta(days=183)).exists()


def test_demo_sessions_span_months():
    load_demo_sessions(count=300, users=10, seed=2)

    months = Session.objects.dates("created_at", "month")

    assert len(months) >= 6


def test_second_run_adds_sessions_but_no_users():
    load_demo_sessions(count=50, users=8)
    users = set(get_user_model().objects.values_list("username", flat=True))

    load_demo_sessions(count=30, users=8)

    assert Session.objects.count() == 80
    assert set(get_user_model().objects.values_list("username", flat=True)) == users
    assert len(users) == 8 + len(SERVICE_ACCOUNT_NAMES)


def test_demo_users_cannot_sign_in():
    load_demo_sessions(count=5, users=3)

    for user in get_user_model().objects.all():
        assert not user.has_usable_password()


def test_if_empty_loads_into_empty_database():
    output = load_demo_sessions(count=40, users=5, if_empty=True)

    assert output == "Added 40 demo sessions.\n"
    assert Session.objects.count() == 40


def test_if_empty_adds_nothing_the_second_time():
    load_demo_sessions(count=40, users=5, if_empty=True)

    output = load_demo_sessions(count=40, users=5, if_empty=True)

    assert output == "Sessions exist already; no demo sessions added.\n"
    assert Session.objects.count() == 40


def test_if_empty_respects_real_sessions():
    SessionFactory()

    load_demo_sessions(if_empty=True)

    assert Session.objects.count() == 1


@pytest.mark.parametrize("value", ["0", "-5", "many", "1.5"])
def test_invalid_count_is_rejected(value):
    with pytest.raises(CommandError, match=f"'{value}' is not a positive whole number"):
        load_demo_sessions(f"--count={value}")

    assert Session.objects.count() == 0


def test_too_many_users_are_rejected():
    with pytest.raises(CommandError, match=r"--users can be at most \d+\."):
        load_demo_sessions(count=1, users=1_000_000)


def test_missing_database_is_reported(use_geolocation_database, tmp_path):
    use_geolocation_database(tmp_path / "missing.mmdb")

    with pytest.raises(CommandError, match="No usable geolocation database"):
        load_demo_sessions(count=10)

    assert Session.objects.count() == 0
    assert get_user_model().objects.count() == 0


def test_database_without_public_cities_is_reported(
    use_geolocation_database, built_city_database
):
    use_geolocation_database(built_city_database)

    with pytest.raises(CommandError, match="placed none of 30000 random public"):
        load_demo_sessions(count=10)
