import datetime as dt
import json

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sessions_app.middleware import SessionActivityMiddleware
from sessions_app.models import DjangoSessionLink, Session
from sessions_app.services.sign_in import SESSION_ID_KEY
from sessions_app.services.sign_out import end_sessions
from tests.conftest import SESSION_ENGINES
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

MY_SESSIONS = "/my-sessions/"
SIGN_IN = "/accounts/login/"
SIGNED_OUT_NOTICE = (
    "This browser was signed out, for example from My sessions in another browser. "
    "Sign in again to continue."
)
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def recorded_session(client):
    """Return the session that a test client's browser is signed in with."""
    return Session.objects.get(session_id=client.session[SESSION_ID_KEY])


def end(session):
    end_sessions(Session.objects.filter(pk=session.pk), reason="test")


@pytest.fixture
def cookie_sessions(settings):
    """Keep sessions in signed cookies, where only the middleware can end them."""
    settings.SESSION_ENGINE = SESSION_ENGINES["signed_cookies"]


def session_queries(queries):
    return [query["sql"] for query in queries if "sessions_app_session" in query["sql"]]


def test_ended_session_signs_browser_out(session_engine, sign_in_client):
    client = sign_in_client(UserFactory())
    end(recorded_session(client))

    response = client.get(MY_SESSIONS)

    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={MY_SESSIONS}&signed_out=1"
    assert response.wsgi_request.user.is_anonymous


def test_session_ended_elsewhere_signs_browser_out(session_engine, sign_in_client):
    """An end that leaves the Django session in place still signs the browser out."""
    client = sign_in_client(UserFactory())
    Session.objects.filter(pk=recorded_session(client).pk).update(
        ended_at=timezone.now()
    )

    response = client.get(MY_SESSIONS, follow=True)

    assert response.redirect_chain == [
        (f"{SIGN_IN}?next={MY_SESSIONS}&signed_out=1", 302)
    ]
    assert response.wsgi_request.user.is_anonymous
    assert SIGNED_OUT_NOTICE in response.content.decode()


def test_signed_out_browser_stays_signed_out(session_engine, sign_in_client):
    client = sign_in_client(UserFactory())
    end(recorded_session(client))
    client.get(MY_SESSIONS)

    response = client.get(MY_SESSIONS)

    assert response.status_code == 302
    assert response.wsgi_request.user.is_anonymous


def test_copied_cookie_of_ended_session_is_rejected(session_engine, sign_in_client):
    client = sign_in_client(UserFactory())
    copy = Client()
    copy.cookies = client.cookies
    end(recorded_session(client))

    response = copy.get(MY_SESSIONS)

    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)
    assert response.wsgi_request.user.is_anonymous


def test_ended_session_notice_on_sign_in_page(session_engine, sign_in_client):
    client = sign_in_client(UserFactory())
    end(recorded_session(client))

    response = client.get(MY_SESSIONS, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("&signed_out=1")
    assert SIGNED_OUT_NOTICE in response.content.decode()


def test_signed_out_notice_shows_once(session_engine, sign_in_client):
    client = sign_in_client(UserFactory())
    end(recorded_session(client))
    client.get(MY_SESSIONS)

    response = client.get(MY_SESSIONS, follow=True)

    assert response.redirect_chain == [(f"{SIGN_IN}?next={MY_SESSIONS}", 302)]
    assert SIGNED_OUT_NOTICE not in response.content.decode()


def test_sign_in_page_has_no_notice_by_default(client):
    response = client.get(SIGN_IN)

    assert response.status_code == 200
    assert SIGNED_OUT_NOTICE not in response.content.decode()


def test_ended_session_json_gets_401(cookie_sessions, sign_in_client):
    client = sign_in_client(UserFactory())
    end(recorded_session(client))

    response = client.get(MY_SESSIONS, HTTP_ACCEPT="application/json")

    assert response.status_code == 401
    assert json.loads(response.content) == {
        "detail": "This session was signed out. Sign in again."
    }


def test_ended_session_post_redirects_without_running_view(
    cookie_sessions, sign_in_client
):
    user = UserFactory()
    client = sign_in_client(user)
    other = SessionFactory(user=user)
    end(recorded_session(client))

    response = client.post(reverse("sessions_app:sign_out_other_sessions"))

    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next=/&signed_out=1"
    other.refresh_from_db()
    assert other.ended_at is None


def test_ended_session_signs_out_logs_security_event(
    cookie_sessions, sign_in_client, caplog
):
    client = sign_in_client(UserFactory())
    session = recorded_session(client)
    end(session)

    client.get(MY_SESSIONS)

    records = [r for r in caplog.records if r.name == "sessions_app.security"]
    assert records[-1].getMessage() == (
        f"Signed out a browser of ended session {session.session_id}"
    )


def test_open_session_is_let_through(session_engine, sign_in_client):
    client = sign_in_client(UserFactory())

    response = client.get(MY_SESSIONS)

    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated


def test_session_of_another_user_signs_browser_out(sign_in_client):
    """A link that names a session of another user is treated as ended."""
    client = sign_in_client(UserFactory())
    foreign = SessionFactory()
    store = client.session
    store[SESSION_ID_KEY] = foreign.session_id
    store.save()

    response = client.get(MY_SESSIONS)

    assert response.status_code == 302
    assert response.wsgi_request.user.is_anonymous
    foreign.refresh_from_db()
    assert foreign.ended_at is None


@time_machine.travel(T0, tick=False)
def test_activity_refreshes_at_most_once_per_interval(
    session_engine, sign_in_client, settings
):
    settings.CONSOLE_ACTIVITY_INTERVAL = 300
    client = sign_in_client(UserFactory())
    session = recorded_session(client)
    assert session.created_at == T0

    with time_machine.travel(T0 + dt.timedelta(seconds=299), tick=False):
        client.get(MY_SESSIONS)
    session.refresh_from_db()
    assert session.updated_at == T0

    with time_machine.travel(T0 + dt.timedelta(seconds=300), tick=False):
        client.get(MY_SESSIONS)
    session.refresh_from_db()
    assert session.updated_at == T0 + dt.timedelta(seconds=300)

    with time_machine.travel(T0 + dt.timedelta(seconds=599), tick=False):
        client.get(MY_SESSIONS)
    session.refresh_from_db()
    assert session.updated_at == T0 + dt.timedelta(seconds=300)
    assert session.created_at == T0


@time_machine.travel(T0, tick=False)
def test_activity_refresh_moves_expiry(sign_in_client, settings):
    client = sign_in_client(UserFactory())
    session = recorded_session(client)
    age = dt.timedelta(seconds=django_settings.SESSION_COOKIE_AGE)
    assert session.expires_at == T0 + age

    later = T0 + dt.timedelta(hours=1)
    with time_machine.travel(later, tick=False):
        client.get(MY_SESSIONS)

    session.refresh_from_db()
    assert session.expires_at == later + age


@time_machine.travel(T0, tick=False)
def test_request_within_interval_writes_nothing(session_engine, sign_in_client):
    client = sign_in_client(UserFactory())
    client.get(MY_SESSIONS)

    with time_machine.travel(T0 + dt.timedelta(seconds=10), tick=False):
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("sessions_app:home"))

    statements = [query["sql"].split()[0].upper() for query in captured]
    assert set(statements) == {"SELECT"}
    assert len(session_queries(captured)) == 1


@time_machine.travel(T0, tick=False)
def test_due_refresh_is_one_update(sign_in_client):
    client = sign_in_client(UserFactory())

    with time_machine.travel(T0 + dt.timedelta(seconds=300), tick=False):
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("sessions_app:home"))

    queries = session_queries(captured)
    assert len(queries) == 1
    assert queries[0].startswith("UPDATE")
    assert '"created_at"' not in queries[0]


@time_machine.travel(T0, tick=False)
def test_zero_interval_refreshes_every_request(sign_in_client, settings):
    settings.CONSOLE_ACTIVITY_INTERVAL = 0
    client = sign_in_client(UserFactory())
    session = recorded_session(client)

    with time_machine.travel(T0 + dt.timedelta(seconds=1), tick=False):
        client.get(MY_SESSIONS)

    session.refresh_from_db()
    assert session.updated_at == T0 + dt.timedelta(seconds=1)


@time_machine.travel(T0, tick=False)
def test_clock_going_back_refreshes(sign_in_client):
    client = sign_in_client(UserFactory())
    session = recorded_session(client)

    with time_machine.travel(T0 - dt.timedelta(hours=1), tick=False):
        client.get(MY_SESSIONS)

    session.refresh_from_db()
    assert session.updated_at == T0 - dt.timedelta(hours=1)
    assert session.created_at == T0


def test_request_without_cookie_queries_nothing(django_assert_num_queries):
    client = Client()

    with django_assert_num_queries(0):
        response = client.get(SIGN_IN)

    assert response.status_code == 200


def test_request_without_cookie_leaves_session_unread(rf):
    request = rf.get(MY_SESSIONS)
    request.session = SessionStore()
    middleware = SessionActivityMiddleware(lambda request: HttpResponse("page"))

    response = middleware(request)

    assert response.content == b"page"
    assert not request.session.accessed


def test_password_change_ends_other_browser_session(session_engine, sign_in_client):
    user = UserFactory()
    other_browser = sign_in_client(user)
    session = recorded_session(other_browser)

    user.set_password("a new passphrase for the test")
    user.save()
    response = other_browser.get(MY_SESSIONS)

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.ended_at is not None


def test_inactive_user_session_ends(sign_in_client):
    user = UserFactory()
    client = sign_in_client(user)
    session = recorded_session(client)

    user.is_active = False
    user.save()
    client.get(MY_SESSIONS)

    session.refresh_from_db()
    assert session.ended_at is not None
    assert client.get(MY_SESSIONS).wsgi_request.user.is_anonymous


@pytest.mark.parametrize("engine", ["db", "cache"])
def test_sign_in_links_django_session_key(engine, settings, sign_in_client):
    settings.SESSION_ENGINE = SESSION_ENGINES[engine]
    client = sign_in_client(UserFactory())

    link = DjangoSessionLink.objects.get(session=recorded_session(client))

    assert link.session_key == client.cookies[django_settings.SESSION_COOKIE_NAME].value


def test_signed_cookie_sessions_store_no_key(settings, sign_in_client):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"

    sign_in_client(UserFactory())

    assert Session.objects.count() == 1
    assert DjangoSessionLink.objects.count() == 0


def test_password_change_relinks_new_session_key(sign_in_client):
    user = UserFactory()
    client = sign_in_client(user)
    old_key = client.cookies[django_settings.SESSION_COOKIE_NAME].value

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "correct horse battery staple",
            "new_password1": "a new passphrase for the test",
            "new_password2": "a new passphrase for the test",
        },
    )

    new_key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert response.status_code == 302
    assert new_key != old_key
    link = DjangoSessionLink.objects.get(session=recorded_session(client))
    assert link.session_key == new_key


def test_session_ended_after_expiry_is_not_refreshed(sign_in_client):
    client = sign_in_client(UserFactory())
    session = recorded_session(client)
    Session.objects.filter(pk=session.pk).update(ended_at=timezone.now())

    client.get(MY_SESSIONS)

    session.refresh_from_db()
    assert session.updated_at < session.ended_at
