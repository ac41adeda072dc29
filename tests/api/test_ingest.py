"""Happy paths of the ingest API: record, update and end a session."""

import pytest

from sessions_app.models import Session
from tests.api.conftest import MAC_CHROME, WINDOWS_CHROME
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

SESSIONS_URL = "/api/sessions/"


def activity_url(session_id):
    return f"/api/sessions/{session_id}/activity/"


def end_url(session_id):
    return f"/api/sessions/{session_id}/end/"


def test_create_records_an_enriched_session(mail_client, create_body, alice):
    response = mail_client.post(SESSIONS_URL, create_body)

    assert response.status_code == 201
    body = response.json()
    session = Session.objects.get(session_id=body["session_id"])
    assert session.user == alice
    assert session.service == "Mail"
    assert body["user"] == {"id": alice.pk, "username": "alice"}
    assert body["service"] == "Mail"
    assert body["ip_address"] == "81.2.69.160"
    assert body["city"] == "London"
    assert body["country_code"] == "GB"
    assert body["os"] == "Windows 10"
    assert body["browser_family"] == "Chrome"
    assert body["ended_at"] is None
    assert response.headers["Location"] == (
        f"http://testserver/api/sessions/{session.session_id}/"
    )


@pytest.mark.parametrize(
    "reference", ["alice", "alice@example.com", "ALICE@example.COM", "id"]
)
def test_create_finds_user_by_username_email_or_id(
    mail_client, create_body, alice, reference
):
    create_body["user"] = alice.pk if reference == "id" else reference

    response = mail_client.post(SESSIONS_URL, create_body)

    assert response.status_code == 201
    assert response.json()["user"]["id"] == alice.pk


def test_create_prefers_username_over_email(mail_client, create_body, alice):
    namesake = UserFactory(username="alice@example.com", email="other@example.com")
    create_body["user"] = "alice@example.com"

    response = mail_client.post(SESSIONS_URL, create_body)

    assert response.json()["user"]["id"] == namesake.pk


def test_create_accepts_the_token_service_in_the_body(mail_client, create_body):
    create_body["service"] = "Mail"

    response = mail_client.post(SESSIONS_URL, create_body)

    assert response.status_code == 201
    assert response.json()["service"] == "Mail"


def test_create_without_address_records_none(mail_client, create_body):
    create_body["ip_address"] = None

    response = mail_client.post(SESSIONS_URL, create_body)

    assert response.status_code == 201
    assert response.json()["ip_address"] is None
    assert response.json()["country"] == ""


def test_create_stores_ipv4_mapped_address_as_ipv4(mail_client, create_body):
    create_body["ip_address"] = "::ffff:81.2.69.160"

    response = mail_client.post(SESSIONS_URL, create_body)

    assert response.json()["ip_address"] == "81.2.69.160"
    assert response.json()["city"] == "London"


@pytest.mark.parametrize(
    "user_agent, platform, version, expected_os",
    [
        (WINDOWS_CHROME, '"Windows"', '"15.0.0"', "Windows 11"),
        (WINDOWS_CHROME, "Windows", "13.0.0", "Windows 11"),
        (WINDOWS_CHROME, '"Windows"', '"10.0.0"', "Windows 10"),
        (MAC_CHROME, '"macOS"', '"14.2.1"', "Mac OS X 14.2.1"),
        (MAC_CHROME, '"macOS"', '"15.0.0"', "Mac OS X 15.0"),
        (MAC_CHROME, "", "", "Mac OS X 10.15.7"),
        # A hint that contradicts the user agent changes nothing.
        (WINDOWS_CHROME, '"macOS"', '"14.0.0"', "Windows 10"),
    ],
)
def test_create_refines_os_with_client_hints(
    mail_client, create_body, user_agent, platform, version, expected_os
):
    create_body.update(
        user_agent=user_agent,
        sec_ch_ua_platform=platform,
        sec_ch_ua_platform_version=version,
    )

    response = mail_client.post(SESSIONS_URL, create_body)

    assert response.status_code == 201
    assert response.json()["os"] == expected_os
    session = Session.objects.get(session_id=response.json()["session_id"])
    assert session.os == expected_os


def test_activity_moves_updated_at_only(mail_client):
    session = SessionFactory(service="Mail")

    response = mail_client.post(activity_url(session.session_id), {})

    assert response.status_code == 200
    refreshed = Session.objects.get(pk=session.pk)
    assert refreshed.updated_at > session.updated_at
    assert refreshed.created_at == session.created_at
    assert refreshed.city == "London"
    assert response.json()["updated_at"] == (
        refreshed.updated_at.isoformat().replace("+00:00", "Z")
    )


def test_activity_enriches_a_new_address(mail_client):
    session = SessionFactory(service="Mail", ip_address="81.2.69.160")

    response = mail_client.post(
        activity_url(session.session_id), {"ip_address": "89.160.20.115"}
    )

    assert response.status_code == 200
    assert response.json()["ip_address"] == "89.160.20.115"
    assert response.json()["city"] == "Linköping"
    assert Session.objects.get(pk=session.pk).country_code == "SE"


def test_activity_enriches_a_new_user_agent_and_hints(mail_client):
    session = SessionFactory(service="Mail", user_agent=WINDOWS_CHROME)

    response = mail_client.post(
        activity_url(session.session_id),
        {
            "user_agent": MAC_CHROME,
            "sec_ch_ua_platform": '"macOS"',
            "sec_ch_ua_platform_version": '"13.6.0"',
        },
    )

    assert response.status_code == 200
    assert response.json()["os"] == "Mac OS X 13.6"
    assert Session.objects.get(pk=session.pk).os_version == "13.6"


def test_end_sets_ended_at(mail_client):
    session = SessionFactory(service="Mail")

    response = mail_client.post(end_url(session.session_id))

    assert response.status_code == 200
    ended_at = Session.objects.get(pk=session.pk).ended_at
    assert ended_at is not None
    assert response.json()["ended_at"] == ended_at.isoformat().replace("+00:00", "Z")


def test_end_twice_keeps_the_first_end(mail_client):
    session = SessionFactory(service="Mail")
    first = mail_client.post(end_url(session.session_id)).json()["ended_at"]

    second = mail_client.post(end_url(session.session_id))

    assert second.status_code == 200
    assert second.json()["ended_at"] == first


def test_end_accepts_an_empty_body_without_content_type(mail_client):
    session = SessionFactory(service="Mail")

    response = mail_client.client.post(
        end_url(session.session_id),
        "",
        content_type="",
        headers=mail_client.headers({}),
    )

    assert response.status_code == 200
    assert response.json()["ended_at"] is not None


def test_activity_on_ended_session_is_a_conflict(mail_client):
    session = SessionFactory(service="Mail")
    mail_client.post(end_url(session.session_id))

    response = mail_client.post(activity_url(session.session_id), {})

    assert response.status_code == 409
    assert response.json() == {
        "errors": [
            {
                "field": "session_id",
                "code": "ended",
                "message": "This session has ended; record a new session instead.",
            }
        ]
    }
