import pytest
from django.urls import reverse

from sessions_app.models import Session
from tests.factories import SessionFactory
from tests.views.conftest import EXPORT, VIEW, create_user

pytestmark = pytest.mark.django_db

SIGN_IN = "sign in"

# Each role with how to create its user (None for an anonymous visitor).
ROLES = {
    "anonymous": None,
    "user": {},
    "staff": {"is_staff": True},
    "user with view permission": {"permissions": [VIEW, EXPORT]},
    "staff with view permission": {"is_staff": True, "permissions": [VIEW]},
    "staff with export permission only": {"is_staff": True, "permissions": [EXPORT]},
    "staff with export permission": {"is_staff": True, "permissions": [VIEW, EXPORT]},
    "superuser": {"is_staff": True, "is_superuser": True},
}

# Expected status of each page for each role: list, detail, export.
MATRIX = {
    "anonymous": (SIGN_IN, SIGN_IN, SIGN_IN),
    "user": (403, 403, 403),
    "staff": (403, 403, 403),
    "user with view permission": (403, 403, 403),
    "staff with view permission": (200, 200, 403),
    "staff with export permission only": (403, 403, 200),
    "staff with export permission": (200, 200, 200),
    "superuser": (200, 200, 200),
}

PAGES = ("list", "detail", "export")


def page_url(page, session):
    if page == "detail":
        return reverse("sessions_app:session_detail", args=[session.session_id])
    return reverse(f"sessions_app:session_{page}")


def read_body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", MATRIX)
def test_access_matrix(client, role, page):
    session = SessionFactory()
    if ROLES[role] is not None:
        client.force_login(create_user("member", **ROLES[role]))
    url = page_url(page, session)
    expected = MATRIX[role][PAGES.index(page)]

    response = client.get(url)

    if expected == SIGN_IN:
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_the_session_key(client, page):
    root = create_user("root", is_staff=True, is_superuser=True)
    client.force_login(root)
    # The session that the sign-in recorded is the one tied to the Django session.
    session = Session.objects.get(user=root)
    session_key = client.session.session_key

    body = read_body(client.get(page_url(page, session)))

    assert session_key
    assert session_key not in body


def test_home_links_staff_to_session_list(client):
    client.force_login(create_user("viewer", is_staff=True, permissions=[VIEW]))

    content = client.get("/").content.decode()

    assert '<a href="/sessions/">Sessions</a>' in content
    assert '<a href="/sessions/">Browse, filter and export all sessions</a>' in content


def test_home_hides_session_list_from_users(client):
    client.force_login(create_user("user"))

    content = client.get("/").content.decode()

    assert 'href="/sessions/"' not in content
