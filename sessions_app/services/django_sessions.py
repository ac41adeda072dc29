"""Find and delete the Django sessions behind console sign-ins.

Engines that keep sessions on the server (database, cache, file) can delete a session
by its key, so signing out another browser removes its Django session at once. The
``signed_cookies`` engine keeps the whole session in the browser's cookie: nothing can
be deleted there, and ``SessionActivityMiddleware`` alone signs such a browser out on
its next request.
"""

import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.signed_cookies import (
    SessionStore as SignedCookieStore,
)
from django.utils.crypto import constant_time_compare, salted_hmac

from sessions_app.models import DjangoSessionLink, Session

logger = logging.getLogger(__name__)

# Name of the Django session entry that stores a digest of the key last linked, so
# that a changed key is noticed without a database query.
LINKED_KEY_DIGEST_KEY = "console_linked_key_digest"
DIGEST_SALT = "sessions_app.django_sessions.link"


def get_session_store_class():
    """Return the ``SessionStore`` class of the configured session engine."""
    return import_module(settings.SESSION_ENGINE).SessionStore


def is_server_side(session_store):
    """Return whether a session store keeps its data on the server, under a key."""
    return not isinstance(session_store, SignedCookieStore)


def digest_session_key(session_key):
    """Return a keyed digest of a session key, safe to keep in the session itself."""
    return salted_hmac(DIGEST_SALT, session_key).hexdigest()


def link_django_session(request, session_id):
    """Store the current Django session key of a console sign-in when it changed.

    Django changes the key at sign-in, on a password change and when it rotates
    secret keys. Each new key is linked at the end of the request that made it.
    """
    store = request.session
    if not is_server_side(store) or store.session_key is None:
        return

    digest = digest_session_key(store.session_key)
    if constant_time_compare(store.get(LINKED_KEY_DIGEST_KEY, ""), digest):
        return

    session = Session.objects.filter(session_id=session_id).only("pk").first()
    if session is None:
        return
    DjangoSessionLink.objects.update_or_create(
        session=session, defaults={"session_key": store.session_key}
    )
    store[LINKED_KEY_DIGEST_KEY] = digest


def unlink_django_session(request, session_id):
    """Forget the key linked to a session, leaving the Django session itself alone."""
    DjangoSessionLink.objects.filter(session__session_id=session_id).delete()
    request.session.pop(LINKED_KEY_DIGEST_KEY, None)


def delete_django_sessions(session_keys):
    """Delete Django sessions by key from the configured engine's store."""
    store = get_session_store_class()()
    if not is_server_side(store):
        return
    for session_key in session_keys:
        try:
            store.delete(session_key)
        except Exception:
            # Engines raise their own errors (database, cache, file system). The
            # session has ended already, and the middleware signs its browser out.
            logger.exception("Deleting an ended Django session failed")


def is_django_session_valid(session_key, user):
    """Return whether a Django session still exists and still signs ``user`` in.

    It does not when it expired, was deleted, or belongs to a password the user has
    changed since.
    """
    data = get_session_store_class()(session_key).load()
    if data.get(SESSION_KEY) != user._meta.pk.value_to_string(user):
        return False

    session_hash = data.get(HASH_SESSION_KEY) or ""
    known_hashes = [
        user.get_session_auth_hash(),
        *user.get_session_auth_fallback_hash(),
    ]
    return any(constant_time_compare(session_hash, known) for known in known_hashes)


def find_revoked_sessions(sessions, user, current_session_id=None):
    """Return the active sessions among ``sessions`` whose Django session is gone.

    Loads one Django session per active, linked session other than the current one,
    so callers pass a page of sessions, not a whole history.
    """
    revoked = []
    for session in sessions:
        if session.session_id == current_session_id or not session.is_active:
            continue
        link = getattr(session, "django_session_link", None)
        if link and not is_django_session_valid(link.session_key, user):
            revoked.append(session)
    return revoked
