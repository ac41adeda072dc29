"""Concurrent API requests on PostgreSQL: nothing lost, nothing recorded twice."""

import threading
from collections import Counter

import pytest
from django.db import connection

from sessions_app.models import IdempotencyKey, Session
from tests.api.conftest import WINDOWS_CHROME, ApiClient
from tests.factories import SessionFactory, UserFactory

THREADS = 8
OWN_CREATES = 10
SHARED_KEYS = 5
ACTIVITIES = 12
ADDRESS_CITIES = {"81.2.69.160": "London", "89.160.20.115": "Linköping"}

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every write, so only PostgreSQL shows races",
    ),
]


def run_threads(work):
    """Run ``work(index)`` in every thread at once; return results, raise errors."""
    barrier = threading.Barrier(THREADS)
    results, errors = [None] * THREADS, []

    def target(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 (re-raised in the main thread)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


@pytest.fixture(autouse=True)
def unlimited_rate(settings):
    settings.CONSOLE_API_RATE_LIMIT = "100000/minute"


@pytest.fixture
def users():
    return [UserFactory(username=f"user{index}") for index in range(THREADS)]


def test_concurrent_creates_record_each_session_once(mail_token, users):
    def work(index):
        client = ApiClient(mail_token[1])
        body = {
            "user": users[index].username,
            "ip_address": "81.2.69.160",
            "user_agent": WINDOWS_CHROME,
        }
        responses = []
        for number in range(OWN_CREATES):
            key = {"Idempotency-Key": f"thread-{index}-{number}"}
            responses.append(client.post("/api/sessions/", body, headers=key))
        shared_body = {**body, "user": users[0].username}
        for number in range(SHARED_KEYS):
            key = {"Idempotency-Key": f"shared-{number}"}
            responses.append(client.post("/api/sessions/", shared_body, headers=key))
        return [(r.status_code, r.json()["session_id"]) for r in responses]

    results = [item for thread_results in run_threads(work) for item in thread_results]

    statuses = Counter(status for status, _ in results)
    assert statuses == {
        201: THREADS * OWN_CREATES + SHARED_KEYS,
        200: (THREADS - 1) * SHARED_KEYS,
    }
    assert Session.objects.count() == THREADS * OWN_CREATES + SHARED_KEYS
    assert IdempotencyKey.objects.count() == THREADS * OWN_CREATES + SHARED_KEYS
    assert len({session_id for _, session_id in results}) == Session.objects.count()
    for user in users[1:]:
        assert Session.objects.filter(user=user).count() == OWN_CREATES


def test_concurrent_activity_keeps_sessions_consistent(mail_token):
    sessions = [SessionFactory(service="Mail") for _ in range(4)]
    addresses = list(ADDRESS_CITIES)

    def work(index):
        client = ApiClient(mail_token[1])
        statuses = []
        for number in range(ACTIVITIES):
            session = sessions[(index + number) % len(sessions)]
            body = {"ip_address": addresses[(index + number) % len(addresses)]}
            url = f"/api/sessions/{session.session_id}/activity/"
            statuses.append(client.post(url, body).status_code)
        return statuses

    results = [status for statuses in run_threads(work) for status in statuses]

    assert results == [200] * (THREADS * ACTIVITIES)
    assert Session.objects.count() == len(sessions)
    for before in sessions:
        after = Session.objects.get(pk=before.pk)
        assert after.city == ADDRESS_CITIES[after.ip_address]
        assert after.created_at == before.created_at
        assert after.updated_at > before.updated_at
