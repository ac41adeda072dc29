import logging

import pytest
from django.core.exceptions import ImproperlyConfigured

from sessions_app.models import Session, UnusualReason
from sessions_app.services.enrichment import enrich_sessions
from sessions_app.services.unusual import assign_unusual_reasons, flag_unusual_session
from tests.factories import SessionFactory, UserFactory
from tests.unusual_data import (
    BHUTAN,
    CHANGCHUN,
    EXPECTED,
    LINKOPING,
    LONDON,
    SCENARIO,
    WINDOWS_CHROME_120,
    at,
    build,
)

pytestmark = pytest.mark.django_db


def test_recorded_session_stores_its_reasons():
    user = UserFactory()
    for hours, ip_address, user_agent in SCENARIO:
        SessionFactory(
            user=user,
            created_at=at(hours),
            ip_address=ip_address,
            user_agent=user_agent,
        )

    stored = Session.objects.filter(user=user).order_by("created_at", "pk")

    assert [session.unusual_reasons for session in stored] == EXPECTED
    assert [session.is_unusual for session in stored] == [bool(r) for r in EXPECTED]


def test_bulk_assignment_matches_recording_one_by_one():
    user = UserFactory()
    sessions = enrich_sessions([build(user, *row) for row in reversed(SCENARIO)])

    assign_unusual_reasons(sessions)
    Session.objects.bulk_create(sessions)

    stored = Session.objects.filter(user=user).order_by("created_at", "pk")
    assert [session.unusual_reasons for session in stored] == EXPECTED


def test_bulk_assignment_continues_the_stored_history():
    user = UserFactory()
    for hours, ip_address, user_agent in SCENARIO[:5]:
        SessionFactory(
            user=user,
            created_at=at(hours),
            ip_address=ip_address,
            user_agent=user_agent,
        )
    batch = enrich_sessions([build(user, *row) for row in SCENARIO[5:]])

    assign_unusual_reasons(batch)

    assert [session.unusual_reasons for session in batch] == EXPECTED[5:]


def test_bulk_assignment_keeps_users_apart():
    first, second = UserFactory(), UserFactory()
    batch = enrich_sessions(
        [build(first, hours, LONDON, WINDOWS_CHROME_120) for hours in range(5)]
        + [build(second, 10, LONDON, WINDOWS_CHROME_120)]
        + [build(first, 100, LINKOPING, WINDOWS_CHROME_120)]
    )

    assign_unusual_reasons(batch)

    assert [session.unusual_reasons for session in batch] == [""] * 6 + ["new_country"]


def test_bulk_assignment_ignores_country_centres_for_travel():
    user = UserFactory()
    batch = enrich_sessions(
        [
            build(user, 0, LINKOPING, WINDOWS_CHROME_120),
            build(user, 0.02, BHUTAN, WINDOWS_CHROME_120),
            build(user, 0.04, LINKOPING, WINDOWS_CHROME_120),
        ]
    )

    assign_unusual_reasons(batch)

    assert [session.unusual_reasons for session in batch] == ["", "", ""]


def test_detection_failure_keeps_the_session(settings, caplog):
    settings.CONSOLE_UNUSUAL_TRAVEL_SPEED_KMH = "fast"
    user = UserFactory()
    SessionFactory(user=user, created_at=at(0), ip_address=LONDON)

    session = SessionFactory(user=user, created_at=at(1), ip_address=CHANGCHUN)

    assert Session.objects.filter(pk=session.pk, is_unusual=False).exists()
    failures = [
        record
        for record in caplog.records
        if record.getMessage() == f"Unusual access detection failed for session "
        f"{session.pk}"
    ]
    assert len(failures) == 1
    assert failures[0].levelno == logging.ERROR
    assert failures[0].exc_info[0] is ImproperlyConfigured


def test_flag_returns_the_codes_and_updates_the_instance():
    user = UserFactory()
    SessionFactory(user=user, created_at=at(0), ip_address=LONDON)
    session = SessionFactory(user=user, created_at=at(1), ip_address=CHANGCHUN)
    Session.objects.filter(pk=session.pk).update(is_unusual=False, unusual_reasons="")

    codes = flag_unusual_session(session, notify=False)

    assert codes == [UnusualReason.IMPOSSIBLE_TRAVEL]
    assert session.unusual_reason_codes == ["impossible_travel"]
    assert Session.objects.get(pk=session.pk).unusual_reasons == "impossible_travel"


def test_saving_again_does_not_detect_again():
    user = UserFactory()
    SessionFactory(user=user, created_at=at(0), ip_address=LONDON)
    session = Session.objects.get(
        pk=SessionFactory(user=user, created_at=at(1), ip_address=LONDON).pk
    )
    SessionFactory(user=user, created_at=at(2), ip_address=CHANGCHUN)

    session.service = "Calendar"
    session.save()

    assert Session.objects.get(pk=session.pk).unusual_reasons == ""


@pytest.mark.django_db(transaction=True)
def test_detection_failure_in_autocommit_keeps_the_session(settings, caplog):
    settings.CONSOLE_UNUSUAL_TRAVEL_SPEED_KMH = "fast"
    user = UserFactory()
    SessionFactory(user=user, created_at=at(0), ip_address=LONDON)

    session = SessionFactory(user=user, created_at=at(1), ip_address=CHANGCHUN)

    assert Session.objects.filter(pk=session.pk, is_unusual=False).exists()
    assert [
        record.exc_info[0]
        for record in caplog.records
        if record.getMessage()
        == f"Unusual access detection failed for session {session.pk}"
    ] == [ImproperlyConfigured]
