import datetime as dt

import pytest
from django.utils import timezone

from sessions_app.models import (
    Session,
    SessionStatus,
    clean_user_agent,
    ip_address_hex,
)
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_session_id_is_generated_and_unguessable():
    first = SessionFactory()
    second = SessionFactory()

    assert len(first.session_id) == 32
    assert first.session_id != second.session_id
    assert set(first.session_id) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )


def test_session_id_cannot_change():
    session = Session.objects.get(pk=SessionFactory().pk)
    session.session_id = "chosen-by-the-caller"

    with pytest.raises(ValueError, match="session_id"):
        session.save()


def test_created_at_never_moves():
    session = SessionFactory()
    created_at = session.created_at

    session.service = "Calendar"
    session.save()
    session.refresh_from_db()

    assert session.created_at == created_at
    assert session.updated_at > created_at


def test_created_at_cannot_be_reassigned():
    session = Session.objects.get(pk=SessionFactory().pk)
    session.created_at = session.created_at.replace(year=2000)

    with pytest.raises(ValueError, match="created_at"):
        session.save()


def test_ipv4_mapped_address_is_stored_as_ipv4():
    session = SessionFactory(ip_address="::ffff:81.2.69.160")
    session.refresh_from_db()

    assert session.ip_address == "81.2.69.160"
    assert session.ip_address_hex == ip_address_hex("81.2.69.160")


def test_ipv6_address_is_stored_compressed():
    session = SessionFactory(ip_address="2001:0480:0000:0000:0000:0000:0000:0001")
    session.refresh_from_db()

    assert session.ip_address == "2001:480::1"


def test_invalid_address_keeps_the_session_without_it(caplog):
    session = SessionFactory(ip_address="not-an-address")
    session.refresh_from_db()

    assert session.ip_address is None
    assert session.country == ""
    assert "Dropped invalid IP address" in caplog.text


@pytest.mark.parametrize(
    "user_agent, expected",
    [
        ("Mozilla\x00/5.0", "Mozilla/5.0"),
        ("Zürich \u2603 \ud800 end", "Zürich \u2603 ? end"),
        ("x" * 5000, "x" * 1024),
    ],
)
def test_user_agent_is_stored_safely(user_agent, expected):
    session = SessionFactory(user_agent=user_agent)
    session.refresh_from_db()

    assert session.user_agent == expected
    assert clean_user_agent(user_agent) == expected


def test_network_range_query_by_hex_key():
    inside = SessionFactory(ip_address="81.2.69.10")
    SessionFactory(ip_address="81.2.70.10")
    low, high = ip_address_hex("81.2.69.0"), ip_address_hex("81.2.69.255")

    found = Session.objects.filter(ip_address_hex__gte=low, ip_address_hex__lte=high)

    assert list(found) == [inside]


def test_user_keeps_their_sessions_apart():
    user = UserFactory()
    SessionFactory(user=user)
    SessionFactory()

    assert user.console_sessions.count() == 1


def test_status_of_open_session_is_active():
    future = timezone.now() + dt.timedelta(hours=1)

    assert SessionFactory(expires_at=future).status == SessionStatus.ACTIVE
    assert SessionFactory(expires_at=None).status == SessionStatus.ACTIVE


def test_status_after_expiry_is_expired():
    session = SessionFactory(expires_at=timezone.now() - dt.timedelta(seconds=1))

    assert session.status == SessionStatus.EXPIRED
    assert not session.is_active


def test_status_ended_before_expiry():
    session = SessionFactory(
        ended_at=timezone.now(), expires_at=timezone.now() + dt.timedelta(days=1)
    )

    assert session.status == SessionStatus.ENDED
    assert session.status.label == "Ended"


def test_active_queryset_leaves_out_ended_and_expired():
    now = timezone.now()
    active = SessionFactory(expires_at=now + dt.timedelta(hours=1))
    other_service = SessionFactory(expires_at=None)
    SessionFactory(ended_at=now)
    SessionFactory(expires_at=now - dt.timedelta(hours=1))

    assert set(Session.objects.active()) == {active, other_service}


@pytest.mark.parametrize(
    "browser, os_family, os_version, expected",
    [
        ("Chrome", "Windows", "10", "Chrome on Windows 10"),
        ("", "Mac OS X", "14.2", "Mac OS X 14.2"),
        ("Firefox", "", "", "Firefox"),
        ("", "", "", ""),
    ],
)
def test_device_names_browser_and_os(browser, os_family, os_version, expected):
    session = Session(
        browser_family=browser, os_family=os_family, os_version=os_version
    )

    assert session.device == expected


def test_stale_save_keeps_email_mark():
    stale = Session.objects.get(pk=SessionFactory().pk)
    Session.objects.filter(pk=stale.pk).update(unusual_email_sent_at=timezone.now())

    stale.service = "Calendar"
    stale.save()
    stale.refresh_from_db()

    assert stale.service == "Calendar"
    assert stale.unusual_email_sent_at is not None
