"""Requests with a NUL character in the URL get a 400 before any view runs."""

import pytest
from django.test import Client

from sessions_app.models import ServiceToken, Session
from sessions_app.services.service_tokens import issue_service_token
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

SESSION_ADMIN = "/admin/sessions_app/session/"
TOKEN_ADMIN = "/admin/sessions_app/servicetoken/"


@pytest.fixture
def superuser_client():
    """A client signed in as a superuser, with a session and a token to list."""
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    SessionFactory(user=user)
    issue_service_token(name="Mail", service="Mail")
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url, parameter",
    [
        (f"{SESSION_ADMIN}?country=%00", "country"),
        (f"{SESSION_ADMIN}?country=Swe%00den", "country"),
        (f"{SESSION_ADMIN}?service=%00", "service"),
        (f"{SESSION_ADMIN}?continent=%00", "continent"),
        (f"{SESSION_ADMIN}?session_id=%00", "session_id"),
        (f"{SESSION_ADMIN}?city=%00", "city"),
        (f"{SESSION_ADMIN}?user_agent__contains=%00", "user_agent__contains"),
        (f"{SESSION_ADMIN}?q=%00", "q"),
        (f"{TOKEN_ADMIN}?service=%00", "service"),
        (f"{TOKEN_ADMIN}?name=%00", "name"),
        ("/sessions/?user=ada%00", "user"),
        ("/sessions/export.csv?country=%00S", "country"),
        ("/dashboard/?start=%00", "start"),
        ("/my-sessions/?page=1&page=%00", "page"),
        (f"{SESSION_ADMIN}?%00=1", "%00"),
    ],
)
def test_nul_in_query_is_rejected(superuser_client, url, parameter):
    response = superuser_client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        f"The query parameter “{parameter}” contains a NUL character (%00). Remove it."
    )


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", "/sessions/%00/"),
        ("get", "/sessions/ab%00cd/"),
        ("post", "/my-sessions/%00/sign-out/"),
        ("post", "/my-sessions/ab%00cd/sign-out/"),
        ("get", f"{SESSION_ADMIN}%00/change/"),
        ("get", "/static/css/console%00.css"),
    ],
)
def test_nul_in_path_is_rejected(superuser_client, method, url):
    response = getattr(superuser_client, method)(url)

    assert response.status_code == 400
    assert response.content.decode() == (
        "The URL path contains a NUL character (%00). Remove it."
    )
    assert not Session.objects.filter(ended_at__isnull=False).exists()


def test_nul_in_api_query_gets_json_error():
    token, plain_token = issue_service_token(
        name="Auditors", kind=ServiceToken.Kind.STAFF
    )
    client = Client(headers={"Authorization": f"Bearer {plain_token}"})

    response = client.get("/api/sessions/?service=Ma%00il")

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": "service",
                "code": "null_characters_not_allowed",
                "message": "The query parameter “service” contains a NUL character "
                "(%00). Remove it.",
            }
        ]
    }


def test_nul_in_api_path_gets_json_error():
    response = Client().post("/api/sessions/ab%00cd/end/")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": None,
            "code": "null_characters_not_allowed",
            "message": "The URL path contains a NUL character (%00). Remove it.",
        }
    ]


def test_url_without_nul_passes(superuser_client):
    response = superuser_client.get(SESSION_ADMIN, {"country": "SE"})

    assert response.status_code == 200


NUL_COOKIES = (
    'sessionid="\\000\\000\\000\\000\\000\\000\\000\\000\\000"; csrftoken="\\000"'
)


@pytest.mark.parametrize("engine", ["db", "cache", "cached_db", "file"])
@pytest.mark.parametrize(
    "url, status",
    [("/accounts/login/", 200), ("/my-sessions/", 302), ("/admin/", 302)],
)
def test_cookie_with_nul_is_ignored(settings, engine, url, status, caplog):
    settings.SESSION_ENGINE = f"django.contrib.sessions.backends.{engine}"
    client = Client(HTTP_COOKIE=NUL_COOKIES)

    response = client.get(url)

    assert response.status_code == status
    assert [r.getMessage() for r in caplog.records if "cookie" in r.getMessage()] == [
        "Ignored 2 cookie(s) with a NUL character from 127.0.0.1"
    ]
