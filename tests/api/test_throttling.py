"""Requests are rate-limited per token."""

import pytest

from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def three_per_minute(settings):
    settings.CONSOLE_API_RATE_LIMIT = "3/minute"


def test_fourth_request_in_a_minute_is_throttled(mail_client, create_body):
    statuses = [
        mail_client.post("/api/sessions/", create_body).status_code for _ in range(4)
    ]

    assert statuses == [201, 201, 201, 429]


def test_throttled_response_names_the_wait(mail_client, create_body):
    for _ in range(3):
        mail_client.post("/api/sessions/", create_body)

    response = mail_client.post("/api/sessions/", create_body)

    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    [error] = response.json()["errors"]
    assert error["field"] is None
    assert error["code"] == "throttled"
    assert error["message"].startswith("Request was throttled.")


def test_each_token_has_its_own_limit(mail_client, calendar_token, create_body):
    for _ in range(3):
        mail_client.post("/api/sessions/", create_body)

    response = ApiClient(calendar_token[1]).post("/api/sessions/", create_body)

    assert response.status_code == 201
