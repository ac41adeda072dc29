"""Signal receivers; the work they trigger lives in ``sessions_app.services``."""

from sessions_app.services.enrichment import enrich_changed_fields
from sessions_app.services.sign_in import record_sign_in
from sessions_app.services.sign_out import record_sign_out
from sessions_app.services.unusual import flag_unusual_session


def enrich_before_save(sender, instance, raw=False, **kwargs):
    """Derive location and OS when the address or user agent is new or changed."""
    if raw:
        return
    enrich_changed_fields(instance)


def flag_unusual_after_create(sender, instance, created, raw=False, **kwargs):
    """Record why a new session is unusual, if it is, and tell its user."""
    if created and not raw:
        flag_unusual_session(instance)


def record_session_on_sign_in(sender, request, user, **kwargs):
    """Record a session for every sign-in to the console."""
    if request is not None:
        record_sign_in(request, user)


def end_session_on_sign_out(sender, request, user, **kwargs):
    """End the session of a browser that signs out of the console."""
    if request is not None:
        record_sign_out(request, user)
