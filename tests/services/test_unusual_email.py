import logging

import pytest
from django.core import mail

from sessions_app.models import Session
from sessions_app.services.unusual_email import (
    build_my_sessions_url,
    claim_email,
    send_unusual_session_email,
)
from tests.factories import SessionFactory, UserFactory
from tests.unusual_data import CHANGCHUN, LONDON, MAC_SAFARI, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory(username="ada", email="ada@example.com")


def record_trip(user, **extra):
    """Record a London session, then one from Changchun an hour later."""
    SessionFactory(user=user, created_at=at(0), ip_address=LONDON)
    return SessionFactory(
        user=user,
        service="Payroll",
        created_at=at(1),
        ip_address=CHANGCHUN,
        user_agent=MAC_SAFARI,
        **extra,
    )


def test_unusual_session_sends_one_email(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        session = record_trip(user)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.com"]
    assert message.subject == "Unusual sign-in to Payroll"
    assert Session.objects.get(pk=session.pk).unusual_email_sent_at is not None


def test_email_names_the_session(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record_trip(user)

    body = mail.outbox[0].body
    assert "Hello ada," in body
    assert "Time: 2 March 2026, 10:00 UTC" in body
    assert "Service: Payroll" in body
    assert "OS: Mac OS X 10.15.7" in body
    assert "Location: Changchun, China" in body
    assert "IP address: 175.16.199.1" in body
    assert "Why it is unusual: Impossible travel" in body
    assert "http://127.0.0.1:8000/my-sessions/" in body


def test_html_email_names_the_session(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record_trip(user)

    html, mimetype = mail.outbox[0].alternatives[0]
    assert mimetype == "text/html"
    assert "<td>Changchun, China</td>" in html
    assert "<td>175.16.199.1</td>" in html
    assert "<td>Impossible travel</td>" in html
    assert '<a href="http://127.0.0.1:8000/my-sessions/">' in html


def test_email_escapes_the_service_in_html(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        SessionFactory(user=user, created_at=at(0), ip_address=LONDON)
        SessionFactory(
            user=user,
            service="<b>Mail</b>\nBcc: x@example.com",
            created_at=at(1),
            ip_address=CHANGCHUN,
        )

    message = mail.outbox[0]
    assert message.subject == "Unusual sign-in to <b>Mail</b> Bcc: x@example.com"
    assert "&lt;b&gt;Mail&lt;/b&gt;" in message.alternatives[0][0]
    assert message.bcc == []


def test_second_send_is_refused(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        session = record_trip(user)

    assert send_unusual_session_email(session.pk) is False
    assert len(mail.outbox) == 1


def test_claim_succeeds_once(user):
    session = record_trip(user)

    first = claim_email(session.pk)
    second = claim_email(session.pk)

    assert first is not None
    assert second is None


def test_usual_session_sends_nothing(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        SessionFactory(user=user, created_at=at(0), ip_address=LONDON)
        session = SessionFactory(user=user, created_at=at(1), ip_address=LONDON)

    assert mail.outbox == []
    assert send_unusual_session_email(session.pk) is False


def test_setting_turns_email_off(user, settings, django_capture_on_commit_callbacks):
    settings.CONSOLE_UNUSUAL_EMAIL_ENABLED = False

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        session = record_trip(user)

    assert callbacks == []
    assert send_unusual_session_email(session.pk) is False
    assert mail.outbox == []
    assert Session.objects.get(pk=session.pk).is_unusual


def test_email_waits_for_the_commit(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record_trip(user)

    assert mail.outbox == []
    assert len(callbacks) == 1


def test_user_without_address_gets_nothing(django_capture_on_commit_callbacks, caplog):
    user = UserFactory(email="")

    with django_capture_on_commit_callbacks(execute=True):
        session = record_trip(user)

    assert mail.outbox == []
    assert Session.objects.get(pk=session.pk).unusual_email_sent_at is None
    assert (
        f"No email for unusual session {session.pk}: user has no address"
        in caplog.messages
    )


def test_failed_email_can_be_sent_later(user, settings, caplog):
    session = record_trip(user)
    settings.EMAIL_BACKEND = "tests.mail_backends.RefusingBackend"

    assert send_unusual_session_email(session.pk) is False
    assert Session.objects.get(pk=session.pk).unusual_email_sent_at is None
    failure = next(r for r in caplog.records if r.levelno == logging.ERROR)
    assert failure.getMessage() == f"Email about unusual session {session.pk} failed"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_unusual_session_email(session.pk) is True
    assert len(mail.outbox) == 1


def test_failed_email_keeps_the_session(
    user, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.mail_backends.RefusingBackend"

    with django_capture_on_commit_callbacks(execute=True):
        session = record_trip(user)

    stored = Session.objects.get(pk=session.pk)
    assert stored.is_unusual
    assert stored.unusual_email_sent_at is None


def test_link_uses_the_base_url_setting(settings):
    settings.CONSOLE_BASE_URL = "https://console.example.org/"

    assert build_my_sessions_url() == "https://console.example.org/my-sessions/"


def test_link_follows_the_my_sessions_url_name(settings):
    settings.ROOT_URLCONF = "tests.urls_with_my_sessions"
    settings.CONSOLE_BASE_URL = "https://console.example.org"

    assert build_my_sessions_url() == "https://console.example.org/me/sessions/"
