from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from sessions_app.models import Session, ip_address_hex
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def make_session(age, **fields):
    """Create a session created ``age`` ago (a timedelta)."""
    session = SessionFactory(**fields)
    Session.objects.filter(pk=session.pk).update(created_at=timezone.now() - age)
    return Session.objects.get(pk=session.pk)


def run(command, *args):
    return call_command(command, *args, verbosity=0)


def test_delete_removes_only_sessions_older_than_days(capsys):
    old = [make_session(timedelta(days=31)) for _ in range(5)]
    recent = make_session(timedelta(days=29, hours=23))

    call_command("delete_old_sessions", "--days", "30", "--batch-size", "2")

    assert Session.objects.filter(pk__in=[s.pk for s in old]).count() == 0
    assert list(Session.objects.values_list("pk", flat=True)) == [recent.pk]
    assert "Deleted 5 sessions created before" in capsys.readouterr().out


def test_delete_dry_run_counts_and_keeps_everything(capsys):
    make_session(timedelta(days=40))
    make_session(timedelta(days=40))
    make_session(timedelta(days=1))

    call_command("delete_old_sessions", "--days", "30", "--dry-run")

    assert Session.objects.count() == 3
    assert "Would delete 2 sessions created before" in capsys.readouterr().out


def test_delete_twice_deletes_nothing_more(capsys):
    make_session(timedelta(days=40))
    make_session(timedelta(days=2))
    run("delete_old_sessions", "--days", "30")

    call_command("delete_old_sessions", "--days", "30")

    assert Session.objects.count() == 1
    assert "Deleted 0 sessions" in capsys.readouterr().out


def test_anonymise_keeps_network_and_country_only():
    session = make_session(timedelta(days=100), ip_address="81.2.69.160")
    assert session.city == "London"

    run("anonymise_old_sessions", "--days", "90")
    session.refresh_from_db()

    assert session.ip_address == "81.2.69.0"
    assert session.ip_address_hex == ip_address_hex("81.2.69.0")
    assert session.city == ""
    assert session.latitude is None
    assert session.longitude is None
    assert session.accuracy_radius is None
    assert session.country_code == "GB"
    assert session.country == "United Kingdom"
    assert session.continent == "Europe"


def test_anonymise_ipv6_keeps_its_48_network():
    session = make_session(timedelta(days=100), ip_address="2001:480:10:20::1")

    run("anonymise_old_sessions", "--days", "90")
    session.refresh_from_db()

    assert session.ip_address == "2001:480:10::"
    assert session.ip_address_hex == ip_address_hex("2001:480:10::")
    assert session.city == ""
    assert session.country_code == "US"


def test_anonymise_leaves_recent_sessions_alone():
    recent = make_session(timedelta(days=89, hours=23), ip_address="81.2.69.160")

    run("anonymise_old_sessions", "--days", "90")
    recent.refresh_from_db()

    assert recent.ip_address == "81.2.69.160"
    assert recent.city == "London"


def test_anonymise_looks_nothing_up_again(monkeypatch):
    session = make_session(timedelta(days=100), ip_address="89.160.20.115")
    monkeypatch.setattr(
        "sessions_app.services.enrichment.lookup_location",
        lambda *args, **kwargs: pytest.fail("the address was looked up again"),
    )

    run("anonymise_old_sessions", "--days", "90")
    session.refresh_from_db()

    assert session.ip_address == "89.160.20.0"
    assert session.country_code == "SE"


def test_anonymise_keeps_updated_at():
    session = make_session(timedelta(days=100))

    run("anonymise_old_sessions", "--days", "90")

    assert Session.objects.get(pk=session.pk).updated_at == session.updated_at


def test_anonymise_handles_sessions_without_address():
    session = make_session(timedelta(days=100), ip_address=None)
    Session.objects.filter(pk=session.pk).update(city="Somewhere", latitude=1.0)

    run("anonymise_old_sessions", "--days", "90")
    session.refresh_from_db()

    assert session.ip_address is None
    assert session.ip_address_hex == ""
    assert session.city == ""
    assert session.latitude is None


def test_anonymise_in_batches_covers_every_session():
    addresses = [f"81.2.69.{host}" for host in range(1, 8)]
    sessions = [make_session(timedelta(days=100), ip_address=a) for a in addresses]

    run("anonymise_old_sessions", "--days", "90", "--batch-size", "3")

    for session in sessions:
        session.refresh_from_db()
        assert session.ip_address == "81.2.69.0"


def test_anonymise_twice_changes_nothing_the_second_time(capsys):
    make_session(timedelta(days=100), ip_address="81.2.69.160")
    make_session(timedelta(days=100), ip_address="10.1.2.3")
    run("anonymise_old_sessions", "--days", "90")
    before = list(Session.objects.order_by("pk").values())

    call_command("anonymise_old_sessions", "--days", "90")

    assert list(Session.objects.order_by("pk").values()) == before
    assert "Anonymised 0 sessions" in capsys.readouterr().out


def test_anonymise_unlocated_private_address():
    session = make_session(timedelta(days=100), ip_address="10.1.2.3")

    run("anonymise_old_sessions", "--days", "90")
    session.refresh_from_db()

    assert session.ip_address == "10.1.2.0"
    assert session.ip_address_hex == ip_address_hex("10.1.2.0")


def test_anonymise_dry_run_counts_pending_only(capsys):
    make_session(timedelta(days=100), ip_address="81.2.69.160")
    make_session(timedelta(days=100), ip_address="81.2.69.161")
    make_session(timedelta(days=1), ip_address="81.2.69.162")
    run("anonymise_old_sessions", "--days", "90", "--batch-size", "1")
    make_session(timedelta(days=100), ip_address="81.2.69.163")

    call_command("anonymise_old_sessions", "--days", "90", "--dry-run")

    assert "Would anonymise 1 sessions created before" in capsys.readouterr().out
    assert Session.objects.filter(ip_address="81.2.69.163").count() == 1


@pytest.mark.parametrize("command", ["delete_old_sessions", "anonymise_old_sessions"])
@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--days", "0"], "--days must be 1 or more, not 0."),
        (["--days", "-5"], "--days must be 1 or more, not -5."),
        (["--days", "1000000"], "--days 1000000 reaches before the year 1."),
        (
            ["--days", "5", "--batch-size", "0"],
            "--batch-size must be 1 or more, not 0.",
        ),
        (["--days", "5", "--pause", "-1"], "--pause must be from 0 to 60 seconds"),
        (["--days", "5", "--pause", "nan"], "--pause must be from 0 to 60 seconds"),
        (["--days", "ten"], "argument --days: invalid int value: 'ten'"),
        ([], "the following arguments are required: --days"),
    ],
)
def test_bad_arguments_raise_command_error(command, arguments, message):
    session = make_session(timedelta(days=3000))

    with pytest.raises(CommandError, match=message.replace(".", r"\.")):
        call_command(command, *arguments, verbosity=0)

    assert Session.objects.get(pk=session.pk).ip_address == session.ip_address
