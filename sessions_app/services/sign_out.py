"""End sessions: on sign-out from the console, and for browsers signed out remotely."""

import logging

from django.db import transaction
from django.utils import timezone

from sessions_app.models import DjangoSessionLink, Session
from sessions_app.services.django_sessions import delete_django_sessions
from sessions_app.services.sign_in import SESSION_ID_KEY

logger = logging.getLogger(__name__)
security_logger = logging.getLogger("sessions_app.security")


def end_sessions(sessions, *, reason):
    """Set ``ended_at`` on the sessions that have not ended and delete their Django
    sessions. Return the number of sessions ended.

    ``created_at`` and ``updated_at`` stay as they are: ending a session is not
    activity in it. ``reason`` only goes to the log.
    """
    ids = list(sessions.filter(ended_at__isnull=True).values_list("pk", flat=True))
    if not ids:
        return 0

    with transaction.atomic():
        ended = Session.objects.filter(pk__in=ids, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )
        links = DjangoSessionLink.objects.filter(session_id__in=ids)
        session_keys = list(links.values_list("session_key", flat=True))
        links.delete()

    # Deleted after the commit, so a failing store cannot leave a session open.
    delete_django_sessions(session_keys)
    security_logger.info("Ended %d session(s): %s", ended, reason)
    return ended


def record_sign_out(request, user):
    """End the session linked to a browser that signs out of the console."""
    session_id = request.session.get(SESSION_ID_KEY)
    if not session_id or user is None:
        return
    end_sessions(
        Session.objects.filter(session_id=session_id, user=user),
        reason=f"user {user.pk} signed out of the console",
    )
