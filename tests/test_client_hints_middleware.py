"""The console requests client hints from browsers on its pages."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_login_page_asks_for_client_hints():
    response = Client().get("/accounts/login/")

    assert response.status_code == 200
    assert response.headers["Accept-CH"] == (
        "Sec-CH-UA-Platform, Sec-CH-UA-Platform-Version"
    )


def test_api_responses_do_not_ask_for_client_hints():
    response = Client().get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert "Accept-CH" not in response.headers
