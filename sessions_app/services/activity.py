"""Keep a console session's ``updated_at`` current without writing on every request."""

from django.utils import timezone

from sessions_app.conf import console_settings
from sessions_app.models import Session

# Name of the Django session entry holding the POSIX time of the last refresh.
REFRESHED_AT_KEY = "console_activity_refreshed_at"


def mark_refreshed(request, now):
    """Remember in the Django session that the recorded session was refreshed."""
    request.session[REFRESHED_AT_KEY] = int(now.timestamp())


def is_refresh_due(request, now):
    """Return whether ``CONSOLE_ACTIVITY_INTERVAL`` has passed since the last refresh.

    A missing or unreadable mark, or one in the future after the clock went back,
    counts as due.
    """
    refreshed_at = request.session.get(REFRESHED_AT_KEY)
    if not isinstance(refreshed_at, int | float):
        return True
    elapsed = now.timestamp() - refreshed_at
    return not 0 <= elapsed < console_settings.ACTIVITY_INTERVAL


def refresh_activity(request, session_id, user):
    """Move ``updated_at`` and ``expires_at`` of an open session to now.

    Return False, writing nothing, when the session has ended or is not the user's.
    Only those two columns are written, so ``created_at`` never moves.
    """
    now = timezone.now()
    refreshed = Session.objects.filter(
        session_id=session_id, user=user, ended_at__isnull=True
    ).update(
        updated_at=now, expires_at=request.session.get_expiry_date(modification=now)
    )
    if refreshed:
        mark_refreshed(request, now)
    return bool(refreshed)


def is_session_open(session_id, user):
    """Return whether a session exists, belongs to ``user`` and has not ended."""
    return Session.objects.filter(
        session_id=session_id, user=user, ended_at__isnull=True
    ).exists()
