"""Middleware: sign out browsers whose session has ended, record activity in open
ones, and ask browsers for client hints."""

import logging
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse, QueryDict
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _

from sessions_app.models import Session
from sessions_app.services.activity import (
    is_refresh_due,
    is_session_open,
    refresh_activity,
)
from sessions_app.services.client_hints import PLATFORM_HEADER, PLATFORM_VERSION_HEADER
from sessions_app.services.django_sessions import link_django_session
from sessions_app.services.sign_in import SESSION_ID_KEY
from sessions_app.services.sign_out import end_sessions

security_logger = logging.getLogger("sessions_app.security")

# The query parameter that makes the sign-in page explain why it is shown. A message in
# the Django session would be lost, because signing out deletes that session.
SIGNED_OUT_PARAMETER = "signed_out"


def flag_signed_out(response):
    """Add ``signed_out=1`` to a redirect to the sign-in page; return the response."""
    if response.status_code != 302:
        return response
    url = urlsplit(response["Location"])
    if url.path != resolve_url(settings.LOGIN_URL):
        return response

    query = QueryDict(url.query, mutable=True)
    query[SIGNED_OUT_PARAMETER] = "1"
    response["Location"] = urlunsplit(url._replace(query=query.urlencode(safe="/")))
    return response


def wants_json(request):
    """Return whether a request sends or prefers JSON over HTML."""
    if request.content_type == "application/json":
        return True
    preferred = request.get_preferred_type(["text/html", "application/json"])
    return preferred == "application/json"


class SessionActivityMiddleware:
    """Sign out a browser whose session has ended, whatever the session engine.

    A browser is linked to its session through the Django session, so the check
    works for engines that cannot delete a session on the server, such as
    ``signed_cookies``. A linked request costs one query on the unique ``session_id``
    index: an ``EXISTS`` on most requests, replaced by an ``UPDATE`` of ``updated_at``
    and ``expires_at`` once every ``CONSOLE_ACTIVITY_INTERVAL`` seconds. Caching the
    check would save that query but let a signed-out browser go on until the cache
    entry expired, so a sign-out takes effect on the browser's next request instead.
    Requests without a session cookie cost nothing.

    Place it after ``AuthenticationMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session_id = self.get_linked_session_id(request)
        if session_id:
            response = self.check_session(request, session_id)
            if response is not None:
                return response
        lost = self.has_lost_django_session(request)

        response = self.get_response(request)
        self.link_after_response(request)
        # A browser signed out from elsewhere lost its Django session with the link,
        # so the view found it signed out without this middleware noticing.
        return flag_signed_out(response) if lost else response

    def get_linked_session_id(self, request):
        """Return the id of the session linked to this browser, or None."""
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return request.session.get(SESSION_ID_KEY)

    def has_lost_django_session(self, request):
        """Return whether the browser's cookie names a Django session that is gone,
        such as one deleted when another browser signed this one out."""
        # Django empties the cookie of a session it deleted, and some clients send
        # the empty cookie back.
        if not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            return False
        # Reading loads the session, and a store that finds no session under the
        # cookie's key sets the key to None.
        request.session.get(SESSION_ID_KEY)
        return request.session.session_key is None

    def check_session(self, request, session_id):
        """Return a response that signs the browser out if its session has ended."""
        # Reading the user verifies the Django session: Django empties it when the
        # password changed since, and the session it was linked to ends with it.
        if not request.user.is_authenticated:
            self.end_revoked_session(request, session_id)
            return None

        now = timezone.now()
        if is_refresh_due(request, now):
            is_open = refresh_activity(request, session_id, request.user)
        else:
            is_open = is_session_open(session_id, request.user)
        if is_open:
            return None
        return self.sign_out(request, session_id)

    def end_revoked_session(self, request, session_id):
        """End the session of a Django session that no longer signs a user in."""
        end_sessions(
            Session.objects.filter(session_id=session_id),
            reason="its Django session no longer signs a user in",
        )
        request.session.flush()

    def sign_out(self, request, session_id):
        """Sign the browser out and send it to the sign-in page, or return 401."""
        logout(request)
        security_logger.info("Signed out a browser of ended session %s", session_id)

        if wants_json(request):
            detail = _("This session was signed out. Sign in again.")
            return JsonResponse({"detail": detail}, status=401)

        if request.method in ("GET", "HEAD"):
            return flag_signed_out(redirect_to_login(request.get_full_path()))
        return flag_signed_out(
            redirect_to_login(resolve_url(settings.LOGIN_REDIRECT_URL))
        )

    def link_after_response(self, request):
        """Link the Django session key to the session once the view has run.

        The view may have signed in, which links a new session, or changed the key.
        """
        session = getattr(request, "session", None)
        if session is None:
            return
        if not session.modified and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return
        session_id = session.get(SESSION_ID_KEY)
        if session_id:
            link_django_session(request, session_id)


# Browsers send the platform version only to sites that ask for it, and then on the
# following requests to the site, such as the sign-in form's POST.
REQUESTED_CLIENT_HINTS = f"{PLATFORM_HEADER}, {PLATFORM_VERSION_HEADER}"


class ClientHintsMiddleware:
    """Ask browsers for the platform client hints that refine the recorded OS.

    Only HTML responses carry the request, because only pages are seen by browsers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Accept-CH", REQUESTED_CLIENT_HINTS)
        return response
