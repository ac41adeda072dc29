from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from sessions_app.models import Session
from sessions_app.services.enrichment import enrich_sessions
from tests.factories import UserFactory
from tests.unusual_data import (
    CHANGCHUN,
    EXPECTED,
    LINKOPING,
    LONDON,
    SCENARIO,
    WINDOWS_CHROME_120,
    at,
    build,
)

pytestmark = pytest.mark.django_db


def store_without_detection(sessions):
    """Store sessions as they were before detection existed: with no reasons."""
    return Session.objects.bulk_create(enrich_sessions(sessions))


def run(*args):
    stdout, stderr = StringIO(), StringIO()
    call_command("detect_unusual_sessions", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def reasons_of(user):
    sessions = Session.objects.filter(user=user).order_by("created_at", "pk")
    return [session.unusual_reasons for session in sessions]


@pytest.fixture
def user():
    user = UserFactory(email="ada@example.com")
    store_without_detection([build(user, *row) for row in SCENARIO])
    return user


def test_backfill_computes_the_reasons(user):
    output, _ = run()

    assert reasons_of(user) == EXPECTED
    assert output == (
        "Checked 10 sessions: 3 changed, 3 newly unusual, 0 emails sent.\n"
    )


@pytest.mark.parametrize("size", ["1", "3", "10000"])
def test_batch_size_does_not_change_the_result(user, size):
    run("--batch-size", size)

    assert reasons_of(user) == EXPECTED


def test_second_run_writes_nothing(user):
    run()
    output, _ = run()

    assert output == (
        "Checked 10 sessions: 0 changed, 0 newly unusual, 0 emails sent.\n"
    )


def test_backfill_clears_stale_reasons(user):
    run()
    session = Session.objects.filter(user=user, is_unusual=True).first()
    Session.objects.exclude(pk=session.pk).update(
        is_unusual=True, unusual_reasons="many_countries"
    )

    run()

    assert reasons_of(user) == EXPECTED


def test_backfill_sends_no_email_by_default(user):
    run()

    assert mail.outbox == []
    assert not Session.objects.filter(unusual_email_sent_at__isnull=False).exists()


def test_email_flag_sends_once_per_session(user):
    output, _ = run("--email")
    run("--email")

    assert output.endswith("3 newly unusual, 3 emails sent.\n")
    assert len(mail.outbox) == 3
    assert {message.to[0] for message in mail.outbox} == {"ada@example.com"}


def test_email_flag_skips_sessions_already_emailed(user):
    run()
    Session.objects.update(is_unusual=False, unusual_reasons="")
    Session.objects.filter(user=user).update(unusual_email_sent_at=at(200))

    output, _ = run("--email")

    assert output.endswith("3 newly unusual, 0 emails sent.\n")
    assert mail.outbox == []


def test_users_are_judged_apart(user):
    other = UserFactory()
    store_without_detection(
        [build(other, hours, LONDON, WINDOWS_CHROME_120) for hours in range(5)]
        + [build(other, 10, LINKOPING, WINDOWS_CHROME_120)]
        + [build(other, 10.5, CHANGCHUN, WINDOWS_CHROME_120)]
    )

    run("--batch-size", "2")

    assert reasons_of(user) == EXPECTED
    assert reasons_of(other) == [""] * 5 + [
        "new_country",
        "new_country,impossible_travel,many_countries",
    ]


def test_progress_bar_reaches_the_total(user):
    _, progress = run()

    assert "10/10" in progress
    assert "100%" in progress


def test_quiet_run_shows_no_progress(user):
    _, progress = run("--verbosity", "0")

    assert progress == ""


@pytest.mark.parametrize("size", ["0", "-5", "abc", "10001"])
def test_invalid_batch_size_is_rejected(size):
    with pytest.raises(CommandError, match="--batch-size"):
        run("--batch-size", size)


def test_invalid_threshold_is_reported(settings):
    settings.CONSOLE_UNUSUAL_COUNTRY_COUNT = 0

    with pytest.raises(CommandError, match="CONSOLE_UNUSUAL_COUNTRY_COUNT"):
        run()
