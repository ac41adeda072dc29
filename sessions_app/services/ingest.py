"""Record, update and end the sessions of a service on behalf of its API token.

Each function changes one session inside one transaction, so a failed request leaves
no half-written session behind.
"""

import logging
import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from sessions_app.models import IdempotencyKey, Session

logger = logging.getLogger(__name__)

# Session ids are URL-safe base64; anything else cannot match and is not queried.
SESSION_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,43}")


class SessionNotFound(LookupError):
    """No session of the token's service has the requested id."""


class SessionEnded(Exception):
    """The session has ended and takes no more activity."""


class ServiceMismatch(Exception):
    """The request names a service other than the token's."""


class IdempotencyKeyReused(Exception):
    """An idempotency key came back with a request different from its first one."""


def check_service(token, service):
    """Raise ``ServiceMismatch`` unless a requested service is the token's own."""
    if service is not None and service != token.service:
        raise ServiceMismatch(service)


def create_session(*, token, fields, idempotency_key="", request_hash=""):
    """Record a session of the token's service; return it and whether it is new.

    With an idempotency key, a retry of the same request returns the session that the
    first one recorded. The unique constraint on the key decides which of two
    concurrent requests records it: the other's insert fails and rolls back.
    """
    if not idempotency_key:
        session = Session.objects.create(service=token.service, **fields)
        logger.info("Recorded session %s of %s", session.session_id, token.service)
        return session, True

    try:
        with transaction.atomic():
            session = Session.objects.create(service=token.service, **fields)
            IdempotencyKey.objects.create(
                token=token,
                key=idempotency_key,
                request_hash=request_hash,
                session=session,
            )
    except IntegrityError as error:
        return replay_session(token, idempotency_key, request_hash, error), False
    logger.info("Recorded session %s of %s", session.session_id, token.service)
    return session, True


def replay_session(token, idempotency_key, request_hash, insert_error):
    """Return the session recorded under an idempotency key by an earlier request.

    Re-raise ``insert_error`` when no session has the key, so the insert failed for
    another reason.
    """
    record = (
        IdempotencyKey.objects.select_related("session__user")
        .filter(token=token, key=idempotency_key)
        .first()
    )
    if record is None:
        raise insert_error
    if record.request_hash != request_hash:
        raise IdempotencyKeyReused(idempotency_key)
    logger.info("Replayed session %s for idempotency key", record.session.session_id)
    return record.session


def lock_session(token, session_id):
    """Return a session of the token's service, locked until the transaction ends."""
    if not SESSION_ID_PATTERN.fullmatch(session_id or ""):
        raise SessionNotFound(session_id)
    try:
        return (
            Session.objects.select_for_update()
            .select_related("user")
            .get(service=token.service, session_id=session_id)
        )
    except Session.DoesNotExist:
        raise SessionNotFound(session_id) from None


@transaction.atomic
def record_activity(*, token, session_id, fields):
    """Move a session's ``updated_at`` and store a new address, user agent or hints.

    Saving enriches the session again for whichever of them changed.
    """
    session = lock_session(token, session_id)
    if session.ended_at is not None:
        raise SessionEnded(session_id)

    for field_name, value in fields.items():
        setattr(session, field_name, value)
    session.save()
    return session


@transaction.atomic
def end_session(*, token, session_id):
    """Set a session's ``ended_at``; ending an ended session changes nothing."""
    session = lock_session(token, session_id)
    if session.ended_at is None:
        session.ended_at = timezone.now()
        session.save()
        logger.info("Ended session %s of %s", session.session_id, token.service)
    return session
