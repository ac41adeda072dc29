from datetime import timedelta

import pytest
from django.utils import timezone

from sessions_app.models import Session
from sessions_app.services.retention import (
    anonymise_address,
    anonymise_sessions_before,
    count_sessions_before,
    delete_sessions_before,
)
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def make_session(created_at, **fields):
    session = SessionFactory(**fields)
    Session.objects.filter(pk=session.pk).update(created_at=created_at)
    return session


@pytest.mark.parametrize(
    "address, network",
    [
        ("81.2.69.160", "81.2.69.0"),
        ("81.2.69.0", "81.2.69.0"),
        ("255.255.255.255", "255.255.255.0"),
        ("2001:480:10:20::1", "2001:480:10::"),
        ("2001:480:10::", "2001:480:10::"),
        ("::1", "::"),
    ],
)
def test_anonymise_address_keeps_network(address, network):
    assert anonymise_address(address) == network


def test_session_created_exactly_at_cutoff_stays():
    cutoff = timezone.now() - timedelta(days=30)
    at_cutoff = make_session(cutoff)
    before = make_session(cutoff - timedelta(microseconds=1))

    deleted = delete_sessions_before(cutoff, batch_size=10)

    assert deleted == 1
    assert not Session.objects.filter(pk=before.pk).exists()
    assert Session.objects.filter(pk=at_cutoff.pk).exists()


def test_anonymise_cutoff_is_exclusive():
    cutoff = timezone.now() - timedelta(days=30)
    at_cutoff = make_session(cutoff, ip_address="81.2.69.160")
    before = make_session(cutoff - timedelta(microseconds=1), ip_address="81.2.69.161")

    changed = anonymise_sessions_before(cutoff, batch_size=10)

    assert changed == 1
    assert Session.objects.get(pk=before.pk).ip_address == "81.2.69.0"
    assert Session.objects.get(pk=at_cutoff.pk).ip_address == "81.2.69.160"


def test_delete_equal_times_in_small_batches():
    moment = timezone.now() - timedelta(days=40)
    for _ in range(5):
        make_session(moment)

    deleted = delete_sessions_before(moment + timedelta(seconds=1), batch_size=2)

    assert deleted == 5
    assert Session.objects.count() == 0


def test_progress_counts_every_row():
    moment = timezone.now() - timedelta(days=40)
    for host in range(5):
        make_session(moment, ip_address=f"81.2.69.{host + 1}")

    class Progress:
        total = 0

        def update(self, count):
            self.total += count

    progress = Progress()
    anonymise_sessions_before(moment + timedelta(1), batch_size=2, progress=progress)

    assert progress.total == 5


def test_count_pending_leaves_out_anonymised_sessions():
    cutoff = timezone.now()
    make_session(cutoff - timedelta(days=1), ip_address="81.2.69.160")
    anonymise_sessions_before(cutoff, batch_size=10)
    make_session(cutoff - timedelta(days=1), ip_address="81.2.69.161")

    assert count_sessions_before(cutoff) == 2
    assert count_sessions_before(cutoff, anonymised=False) == 1
