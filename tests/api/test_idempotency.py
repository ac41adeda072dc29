"""A retried create with the same idempotency key records one session."""

import pytest

from sessions_app.models import IdempotencyKey, Session
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

KEY = "3f1c2a9e-6b7d-4e55-9a0b-1c2d3e4f5a6b"


def create(client, body, key=KEY):
    return client.post("/api/sessions/", body, headers={"Idempotency-Key": key})


def test_retry_returns_the_first_session(mail_client, create_body):
    first = create(mail_client, create_body)

    retry = create(mail_client, create_body)

    assert first.status_code == 201
    assert retry.status_code == 200
    assert retry.json()["session_id"] == first.json()["session_id"]
    assert Session.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


def test_retry_ignores_the_order_of_keys(mail_client, create_body):
    first = create(mail_client, create_body)

    retry = create(mail_client, dict(reversed(create_body.items())))

    assert retry.json()["session_id"] == first.json()["session_id"]


def test_quoted_key_is_the_same_key(mail_client, create_body):
    first = create(mail_client, create_body)

    retry = create(mail_client, create_body, key=f'"{KEY}"')

    assert retry.status_code == 200
    assert retry.json()["session_id"] == first.json()["session_id"]


def test_new_key_records_a_new_session(mail_client, create_body):
    create(mail_client, create_body)

    second = create(mail_client, create_body, key="another-key")

    assert second.status_code == 201
    assert Session.objects.count() == 2


def test_without_key_every_create_records(mail_client, create_body):
    mail_client.post("/api/sessions/", create_body)
    mail_client.post("/api/sessions/", create_body)

    assert Session.objects.count() == 2


def test_key_reused_with_another_body_is_rejected(mail_client, create_body):
    create(mail_client, create_body)

    response = create(mail_client, {**create_body, "ip_address": "89.160.20.115"})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "Idempotency-Key",
            "code": "reused",
            "message": "This idempotency key was used for a different request; "
            "use a new key.",
        }
    ]
    assert Session.objects.count() == 1


def test_keys_are_per_token(mail_client, calendar_token, create_body):
    create(mail_client, create_body)

    other = create(ApiClient(calendar_token[1]), create_body)

    assert other.status_code == 201
    assert other.json()["service"] == "Calendar"
    assert Session.objects.count() == 2


def test_failed_create_does_not_use_up_the_key(mail_client, create_body):
    failed = create(mail_client, {**create_body, "user": "nobody"})

    retry = create(mail_client, create_body)

    assert failed.status_code == 400
    assert retry.status_code == 201
    assert Session.objects.count() == 1
