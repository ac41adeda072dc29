"""Find the session that a URL names, with one 404 for every id that names none."""

from django.http import Http404
from django.utils.translation import gettext as _


def get_session_or_404(queryset, session_id):
    """Return the session of ``queryset`` with this id, or raise ``Http404``."""
    # PostgreSQL rejects text that contains a NUL character, and no session id does.
    if "\x00" not in session_id:
        session = queryset.filter(session_id=session_id).first()
        if session is not None:
            return session
    raise Http404(_("No session has this id."))
