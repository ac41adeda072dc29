"""Record a session when someone signs in to the console itself."""

import logging

from sessions_app.conf import console_settings
from sessions_app.models import Session
from sessions_app.services.client_address import get_client_address
from sessions_app.services.client_hints import hints_from_headers

logger = logging.getLogger(__name__)

# Name of the Django session entry that links a browser to its recorded session.
SESSION_ID_KEY = "console_session_id"


def record_sign_in(request, user):
    """Create the session of a console sign-in and link it to the Django session."""
    hints = hints_from_headers(request.headers)
    session = Session.objects.create(
        user=user,
        service=console_settings.SERVICE_NAME,
        ip_address=get_client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        ua_platform=hints.platform,
        ua_platform_version=hints.platform_version,
    )
    request.session[SESSION_ID_KEY] = session.session_id
    logger.info("Recorded sign-in session %s for user %s", session.session_id, user.pk)
    return session
