"""Record a session when someone signs in to the console itself."""

import logging

from django.utils import timezone

from sessions_app.conf import console_settings
from sessions_app.models import Session
from sessions_app.services.activity import mark_refreshed
from sessions_app.services.client_address import get_client_address
from sessions_app.services.client_hints import hints_from_headers
from sessions_app.services.django_sessions import unlink_django_session

logger = logging.getLogger(__name__)

# Name of the Django session entry that links a browser to its recorded session.
SESSION_ID_KEY = "console_session_id"


def end_replaced_session(request):
    """End the earlier session of a browser that signs in again without signing out.

    The Django session stays: it now belongs to the new sign-in.
    """
    previous_id = request.session.get(SESSION_ID_KEY)
    if not previous_id:
        return
    Session.objects.filter(session_id=previous_id, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    unlink_django_session(request, previous_id)


def record_sign_in(request, user):
    """Create the session of a console sign-in and link it to the Django session."""
    end_replaced_session(request)

    hints = hints_from_headers(request.headers)
    now = timezone.now()
    session = Session.objects.create(
        user=user,
        service=console_settings.SERVICE_NAME,
        ip_address=get_client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        expires_at=request.session.get_expiry_date(modification=now),
        ua_platform=hints.platform,
        ua_platform_version=hints.platform_version,
    )
    request.session[SESSION_ID_KEY] = session.session_id
    mark_refreshed(request, now)
    logger.info("Recorded sign-in session %s for user %s", session.session_id, user.pk)
    return session
