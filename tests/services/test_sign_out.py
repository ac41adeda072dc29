import datetime as dt
import logging

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import DjangoSessionLink, Session
from sessions_app.services.sign_in import SESSION_ID_KEY
from sessions_app.services.sign_out import end_sessions
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def recorded_session(client):
    return Session.objects.get(session_id=client.session[SESSION_ID_KEY])


def test_sign_out_ends_session(session_engine, sign_in_client):
    client = sign_in_client(UserFactory())
    session = recorded_session(client)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.ended_at is not None
    assert session.status == "ended"


def test_sign_out_deletes_link(sign_in_client):
    client = sign_in_client(UserFactory())
    session = recorded_session(client)

    client.post(reverse("logout"))

    assert not DjangoSessionLink.objects.filter(session=session).exists()


def test_signing_in_again_ends_replaced_session(session_engine, sign_in_client):
    user = UserFactory()
    client = sign_in_client(user)
    first = recorded_session(client)

    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})

    second = recorded_session(client)
    first.refresh_from_db()
    assert second != first
    assert first.ended_at is not None
    assert second.ended_at is None
    assert client.get(reverse("sessions_app:my_sessions")).status_code == 200


def test_signing_in_again_moves_link(sign_in_client):
    user = UserFactory()
    client = sign_in_client(user)

    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})

    link = DjangoSessionLink.objects.get()
    assert link.session == recorded_session(client)


def test_end_sessions_returns_count_and_is_idempotent():
    user = UserFactory()
    SessionFactory.create_batch(2, user=user)
    sessions = Session.objects.filter(user=user)

    assert end_sessions(sessions, reason="test") == 2
    ended_at = list(sessions.values_list("ended_at", flat=True))
    assert end_sessions(sessions, reason="test") == 0
    assert list(sessions.values_list("ended_at", flat=True)) == ended_at


def test_end_sessions_keeps_created_and_updated_times():
    created_at = timezone.now() - dt.timedelta(days=5)
    session = SessionFactory(created_at=created_at)
    updated_at = session.updated_at

    end_sessions(Session.objects.filter(pk=session.pk), reason="test")

    session.refresh_from_db()
    assert session.created_at == created_at
    assert session.updated_at == updated_at


def test_end_sessions_logs_security_event(caplog):
    session = SessionFactory()

    with caplog.at_level(logging.INFO, logger="sessions_app.security"):
        end_sessions(Session.objects.filter(pk=session.pk), reason="user 7 asked")

    assert [r.getMessage() for r in caplog.records] == [
        "Ended 1 session(s): user 7 asked"
    ]


def test_end_sessions_survives_failing_store(monkeypatch, caplog):
    session = SessionFactory()
    DjangoSessionLink.objects.create(session=session, session_key="k" * 32)

    def fail(self, session_key=None):
        raise OSError("store unavailable")

    monkeypatch.setattr(SessionStore, "delete", fail)
    ended = end_sessions(Session.objects.filter(pk=session.pk), reason="test")

    assert ended == 1
    session.refresh_from_db()
    assert session.ended_at is not None
    assert "Deleting an ended Django session failed" in caplog.text
