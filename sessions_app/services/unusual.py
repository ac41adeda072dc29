"""Detect unusual access: record on each session why it differs from its user's usual.

The rules and their settings are in ``unusual_rules``. This module applies them to one
recorded session (``flag_unusual_session``, run after a session is created) or to many
sessions at once (``assign_unusual_reasons``, for bulk creation and backfills).
"""

import contextlib
import logging
from itertools import groupby
from operator import attrgetter

from django.db import transaction

from sessions_app.models import Session, join_reasons
from sessions_app.services.unusual_email import schedule_unusual_session_email
from sessions_app.services.unusual_history import StoredHistory, Timeline, position_key
from sessions_app.services.unusual_rules import Thresholds, detect_reasons

logger = logging.getLogger(__name__)


def apply_reasons(session, codes):
    """Set the unusual fields of a session in memory; return whether they changed."""
    stored = join_reasons(codes)
    is_unusual = bool(stored)
    changed = (session.unusual_reasons, session.is_unusual) != (stored, is_unusual)
    session.unusual_reasons = stored
    session.is_unusual = is_unusual
    return changed


def savepoint_in_transaction(using):
    """Return a savepoint inside a transaction, so that a failed query does not abort
    it, and no block at all in autocommit mode.

    Outside a transaction, a failed query has nothing to abort and the single UPDATE
    commits on its own, which saves BEGIN and COMMIT on every recorded session.
    """
    if transaction.get_connection(using).in_atomic_block:
        return transaction.atomic(using=using)
    return contextlib.nullcontext()


def flag_unusual_session(session, *, notify=True):
    """Detect and store why a saved session is unusual; email its user when it is.

    Detection never breaks the recording of a session: a failure is logged and the
    session stays as it was saved. Return the reason codes, empty when none or failed.
    """
    try:
        with savepoint_in_transaction(session._state.db):
            codes = detect_reasons(
                session, StoredHistory(session), Thresholds.from_settings()
            )
            stored = join_reasons(codes)
            Session.objects.filter(pk=session.pk).update(
                is_unusual=bool(stored), unusual_reasons=stored
            )
    except Exception:
        logger.exception("Unusual access detection failed for session %s", session.pk)
        return []

    apply_reasons(session, codes)
    if codes:
        logger.info("Session %s is unusual: %s", session.pk, session.unusual_reasons)
    if codes and notify:
        schedule_unusual_session_email(session)
    return codes


def assign_unusual_reasons(sessions, *, thresholds=None):
    """Set the unusual fields of many sessions in memory, each user's in time order.

    Meant for sessions about to be bulk created, which sends no ``post_save`` signal,
    and for saved sessions that the caller then writes back. Each session is judged
    against the user's stored sessions before the batch plus the batch's earlier
    sessions; no email is sent. Return the sessions.
    """
    thresholds = thresholds or Thresholds.from_settings()
    by_user = sorted(
        sessions, key=lambda session: (session.user_id, *position_key(session))
    )

    for _user_id, user_sessions in groupby(by_user, key=attrgetter("user_id")):
        user_sessions = list(user_sessions)
        timeline = Timeline.from_database(
            user_sessions[0],
            window=thresholds.country_window,
            count_limit=thresholds.learning_sessions,
        )
        for session in user_sessions:
            apply_reasons(session, detect_reasons(session, timeline, thresholds))
            timeline.add(session)
    return sessions
