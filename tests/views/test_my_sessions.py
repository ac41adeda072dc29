import datetime as dt
from importlib import import_module

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import DjangoSessionLink, Session
from sessions_app.services.sign_in import SESSION_ID_KEY
from tests.conftest import SESSION_ENGINES
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

MY_SESSIONS = reverse("sessions_app:my_sessions")
SIGN_OUT_OTHERS = reverse("sessions_app:sign_out_other_sessions")
SIGN_IN = reverse("login")


def sign_out_url(session):
    return reverse("sessions_app:sign_out_session", args=[session.session_id])


def recorded_session(client):
    return Session.objects.get(session_id=client.session[SESSION_ID_KEY])


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def django_session_exists(session_key):
    store_class = import_module(django_settings.SESSION_ENGINE).SessionStore
    return store_class().exists(session_key)


def session_cookie(client):
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


# Listing


def test_list_shows_own_sessions_newest_first(sign_in_client):
    user = UserFactory()
    now = timezone.now()
    older = SessionFactory(user=user, created_at=now - dt.timedelta(days=2))
    ended = SessionFactory(
        user=user, created_at=now - dt.timedelta(days=1), ended_at=now
    )
    SessionFactory(service="Foreign service")
    client = sign_in_client(user)

    response = client.get(MY_SESSIONS)

    assert response.status_code == 200
    listed = list(response.context["sessions"])
    assert listed == [recorded_session(client), ended, older]
    assert b"Foreign service" not in response.content


def test_list_marks_current_session(sign_in_client):
    user = UserFactory()
    SessionFactory(user=user)
    client = sign_in_client(user)

    response = client.get(MY_SESSIONS)

    content = response.content.decode()
    assert content.count("This browser") == 1
    assert response.context["current_session_id"] == recorded_session(client).session_id
    assert "Sign out this browser" in content


def test_list_shows_session_facts(sign_in_client):
    user = UserFactory()
    client = sign_in_client(user)

    content = client.get(MY_SESSIONS).content.decode()

    assert "Chrome on Windows 10" in content
    assert "London, United Kingdom" in content
    assert "81.2.69.160" in content
    assert "Session Console" in content
    assert "Active" in content


def test_list_names_unusual_reasons(sign_in_client):
    user = UserFactory()
    client = sign_in_client(user)
    Session.objects.filter(user=user).update(
        is_unusual=True, unusual_reasons="new_country,impossible_travel"
    )

    content = client.get(MY_SESSIONS).content.decode()

    assert "Unusual" in content
    assert "New country" in content
    assert "Impossible travel" in content


def test_list_shows_no_badge_for_usual_session(sign_in_client):
    client = sign_in_client(UserFactory())

    content = client.get(MY_SESSIONS).content.decode()

    assert "badge-unusual" not in content


def test_list_shows_ended_and_expired_status(sign_in_client):
    user = UserFactory()
    now = timezone.now()
    SessionFactory(user=user, service="Mail", ended_at=now)
    SessionFactory(user=user, service="Wiki", expires_at=now - dt.timedelta(hours=1))
    client = sign_in_client(user)

    response = client.get(MY_SESSIONS)

    statuses = [session.status for session in response.context["sessions"]]
    assert statuses == ["active", "expired", "ended"]
    content = response.content.decode()
    assert "session-card session-ended" in content
    assert "session-card session-expired" in content


@pytest.mark.parametrize("engine", ["db", "cache"])
def test_list_never_shows_django_session_key(engine, settings, sign_in_client):
    settings.SESSION_ENGINE = SESSION_ENGINES[engine]
    user = UserFactory()
    other = sign_in_client(user)
    client = sign_in_client(user)

    content = client.get(MY_SESSIONS).content.decode()

    assert session_cookie(client) not in content
    assert session_cookie(other) not in content


def test_list_is_paginated(sign_in_client):
    user = UserFactory()
    SessionFactory.create_batch(24, user=user)
    client = sign_in_client(user)

    first = client.get(MY_SESSIONS)
    second = client.get(MY_SESSIONS, {"page": 2})

    assert len(first.context["sessions"]) == 20
    assert len(second.context["sessions"]) == 5
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize("page, expected", [("99", 2), ("abc", 1), ("-1", 2)])
def test_list_falls_back_on_bad_page(page, expected, sign_in_client):
    user = UserFactory()
    SessionFactory.create_batch(24, user=user)
    client = sign_in_client(user)

    response = client.get(MY_SESSIONS, {"page": page})

    assert response.status_code == 200
    assert response.context["page_obj"].number == expected


def test_list_requires_sign_in():
    response = Client().get(MY_SESSIONS)

    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={MY_SESSIONS}"


def test_list_hides_sign_out_others_when_alone(sign_in_client):
    client = sign_in_client(UserFactory())

    response = client.get(MY_SESSIONS)

    assert response.context["has_other_active_sessions"] is False
    assert "Sign out all other sessions" not in response.content.decode()


@pytest.mark.parametrize("engine", ["db", "cache"])
def test_list_ends_session_whose_django_session_is_gone(
    engine, settings, sign_in_client
):
    settings.SESSION_ENGINE = SESSION_ENGINES[engine]
    user = UserFactory()
    other = sign_in_client(user)
    other_session = recorded_session(other)
    client = sign_in_client(user)
    import_module(settings.SESSION_ENGINE).SessionStore().delete(session_cookie(other))

    response = client.get(MY_SESSIONS)

    other_session.refresh_from_db()
    assert other_session.ended_at is not None
    listed = {s.session_id: s.status for s in response.context["sessions"]}
    assert listed[other_session.session_id] == "ended"
    assert listed[recorded_session(client).session_id] == "active"


def test_list_ends_session_revoked_by_password_change(sign_in_client):
    user = UserFactory()
    other_session = recorded_session(sign_in_client(user))
    client = sign_in_client(user)
    client.post(
        reverse("password_change"),
        {
            "old_password": "correct horse battery staple",
            "new_password1": "a new passphrase for the test",
            "new_password2": "a new passphrase for the test",
        },
    )

    client.get(MY_SESSIONS)

    other_session.refresh_from_db()
    assert other_session.ended_at is not None
    assert recorded_session(client).ended_at is None


def test_list_keeps_live_sessions_active(sign_in_client):
    user = UserFactory()
    other_session = recorded_session(sign_in_client(user))
    client = sign_in_client(user)

    client.get(MY_SESSIONS)

    other_session.refresh_from_db()
    assert other_session.ended_at is None


# Signing out one session


def test_sign_out_ends_other_browser(session_engine, sign_in_client):
    user = UserFactory()
    other = sign_in_client(user)
    other_session = recorded_session(other)
    client = sign_in_client(user)

    response = client.post(sign_out_url(other_session), follow=True)

    assert response.redirect_chain == [(MY_SESSIONS, 302)]
    assert messages_of(response) == [
        "Signed out Chrome on Windows 10 in London, United Kingdom."
    ]
    other_session.refresh_from_db()
    assert other_session.ended_at is not None
    next_response = other.get(MY_SESSIONS)
    assert next_response.status_code == 302
    assert next_response["Location"].startswith(SIGN_IN)
    assert next_response.wsgi_request.user.is_anonymous


@pytest.mark.parametrize("engine", ["db", "cache"])
def test_sign_out_deletes_django_session(engine, settings, sign_in_client):
    settings.SESSION_ENGINE = SESSION_ENGINES[engine]
    user = UserFactory()
    other = sign_in_client(user)
    other_key = session_cookie(other)
    client = sign_in_client(user)
    assert django_session_exists(other_key)

    client.post(sign_out_url(recorded_session(other)))

    assert not django_session_exists(other_key)
    assert not DjangoSessionLink.objects.filter(session_key=other_key).exists()


def test_sign_out_keeps_created_and_updated_times(sign_in_client):
    user = UserFactory()
    session = SessionFactory(user=user)
    client = sign_in_client(user)

    client.post(sign_out_url(session))

    ended = Session.objects.get(pk=session.pk)
    assert ended.created_at == session.created_at
    assert ended.updated_at == session.updated_at
    assert ended.ended_at is not None


def test_sign_out_of_current_session_signs_out(session_engine, sign_in_client):
    user = UserFactory()
    client = sign_in_client(user)
    session = recorded_session(client)

    response = client.post(sign_out_url(session), follow=True)

    assert response.redirect_chain == [(SIGN_IN, 302)]
    assert messages_of(response) == ["You signed out this browser."]
    assert response.wsgi_request.user.is_anonymous
    session.refresh_from_db()
    assert session.ended_at is not None


def test_sign_out_of_ended_session_changes_nothing(sign_in_client):
    user = UserFactory()
    ended_at = timezone.now() - dt.timedelta(days=1)
    session = SessionFactory(user=user, ended_at=ended_at)
    client = sign_in_client(user)

    response = client.post(sign_out_url(session), follow=True)

    assert messages_of(response) == ["That session had already ended."]
    session.refresh_from_db()
    assert session.ended_at == ended_at


@pytest.mark.parametrize("kind", ["foreign", "unknown"])
def test_sign_out_foreign_id_is_404(kind, sign_in_client):
    owner = UserFactory()
    foreign_browser = sign_in_client(owner)
    foreign = recorded_session(foreign_browser)
    client = sign_in_client(UserFactory())
    url = (
        sign_out_url(foreign)
        if kind == "foreign"
        else reverse("sessions_app:sign_out_session", args=["no-such-session-id"])
    )

    response = client.post(url)

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.ended_at is None
    assert foreign_browser.get(MY_SESSIONS).status_code == 200


@pytest.mark.parametrize(
    "url",
    [SIGN_OUT_OTHERS, reverse("sessions_app:sign_out_session", args=["x" * 32])],
)
def test_sign_out_urls_reject_get(url, sign_in_client):
    client = sign_in_client(UserFactory())

    response = client.get(url)

    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_sign_out_get_changes_nothing(sign_in_client):
    user = UserFactory()
    session = SessionFactory(user=user)
    client = sign_in_client(user)

    client.get(sign_out_url(session))

    session.refresh_from_db()
    assert session.ended_at is None


def test_sign_out_requires_csrf_token(sign_in_client):
    user = UserFactory()
    session = SessionFactory(user=user)
    client = Client(enforce_csrf_checks=True)
    client.cookies = sign_in_client(user).cookies

    response = client.post(sign_out_url(session))

    assert response.status_code == 403
    session.refresh_from_db()
    assert session.ended_at is None


def test_sign_out_requires_sign_in():
    session = SessionFactory()

    response = Client().post(sign_out_url(session))

    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)
    session.refresh_from_db()
    assert session.ended_at is None


# Signing out all other sessions


def test_sign_out_others_ends_all_but_current(session_engine, sign_in_client):
    user = UserFactory()
    first = sign_in_client(user)
    second = sign_in_client(user)
    from_api = SessionFactory(user=user, service="Mail")
    client = sign_in_client(user)

    response = client.post(SIGN_OUT_OTHERS, follow=True)

    assert messages_of(response) == ["Signed out 3 other sessions."]
    assert recorded_session(client).ended_at is None
    from_api.refresh_from_db()
    assert from_api.ended_at is not None
    for browser in (first, second):
        assert browser.get(MY_SESSIONS).wsgi_request.user.is_anonymous
    assert client.get(MY_SESSIONS).status_code == 200


def test_sign_out_others_leaves_other_users_alone(sign_in_client):
    user = UserFactory()
    stranger_session = SessionFactory()
    client = sign_in_client(user)

    client.post(SIGN_OUT_OTHERS)

    stranger_session.refresh_from_db()
    assert stranger_session.ended_at is None


def test_sign_out_others_keeps_past_sessions(sign_in_client):
    user = UserFactory()
    now = timezone.now()
    ended_at = now - dt.timedelta(days=3)
    ended = SessionFactory(user=user, ended_at=ended_at)
    expired = SessionFactory(user=user, expires_at=now - dt.timedelta(days=1))
    client = sign_in_client(user)

    response = client.post(SIGN_OUT_OTHERS, follow=True)

    assert messages_of(response) == ["No other session was active."]
    ended.refresh_from_db()
    expired.refresh_from_db()
    assert ended.ended_at == ended_at
    assert expired.ended_at is None
    assert expired.status == "expired"


def test_sign_out_others_counts_one(sign_in_client):
    user = UserFactory()
    SessionFactory(user=user)
    client = sign_in_client(user)

    response = client.post(SIGN_OUT_OTHERS, follow=True)

    assert messages_of(response) == ["Signed out 1 other session."]


# Start page


def test_home_sends_users_to_their_sessions(sign_in_client):
    client = sign_in_client(UserFactory())

    response = client.get(reverse("sessions_app:home"))

    assert response.status_code == 302
    assert response["Location"] == MY_SESSIONS


def test_home_stays_for_staff(sign_in_client):
    client = sign_in_client(UserFactory(is_staff=True))

    response = client.get(reverse("sessions_app:home"))

    assert response.status_code == 200
    assert MY_SESSIONS in response.content.decode()


@pytest.mark.parametrize("session_id", ["%00", "ab%00cd"])
def test_sign_out_nul_id_is_404(without_nul_guard, session_id, sign_in_client):
    user = UserFactory()
    client = sign_in_client(user)

    response = client.post(f"/my-sessions/{session_id}/sign-out/")

    assert response.status_code == 404
    assert recorded_session(client).ended_at is None
