"""Fixtures of the API tests: tokens and a client that sends JSON with a token."""

import json

import pytest
from django.core.cache import cache
from django.test import Client

from sessions_app.models import ServiceToken
from sessions_app.services.service_tokens import issue_service_token
from tests.factories import UserFactory

WINDOWS_CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
)
MAC_CHROME = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
)


class ApiClient:
    """A test client that sends an API token and JSON bodies."""

    def __init__(self, plain_token=None):
        self.client = Client()
        self.plain_token = plain_token

    def headers(self, extra):
        headers = dict(extra)
        if self.plain_token is not None:
            headers.setdefault("Authorization", f"Bearer {self.plain_token}")
        return headers

    def post(self, path, body=None, *, raw=None, headers=(), **kwargs):
        """POST ``body`` as JSON, or ``raw`` bytes as they are."""
        if raw is not None:
            data = raw
        else:
            data = json.dumps({} if body is None else body)
        kwargs.setdefault("content_type", "application/json")
        return self.client.post(path, data, headers=self.headers(headers), **kwargs)

    def get(self, path, data=None, *, headers=()):
        return self.client.get(path, data, headers=self.headers(headers))


@pytest.fixture(autouse=True)
def clear_rate_counts():
    """Start every test with no requests counted against any token."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", email="alice@example.com")


@pytest.fixture
def mail_token(db):
    """A service token of the Mail service, with its plain text."""
    return issue_service_token(name="Mail, production", service="Mail")


@pytest.fixture
def calendar_token(db):
    return issue_service_token(name="Calendar", service="Calendar")


@pytest.fixture
def staff_token(db):
    return issue_service_token(name="Auditors", kind=ServiceToken.Kind.STAFF)


@pytest.fixture
def mail_client(mail_token):
    return ApiClient(mail_token[1])


@pytest.fixture
def staff_client(staff_token):
    return ApiClient(staff_token[1])


@pytest.fixture
def create_body(alice):
    """A valid body of a create request."""
    return {"user": "alice", "ip_address": "81.2.69.160", "user_agent": WINDOWS_CHROME}
