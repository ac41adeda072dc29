"""Tell users by email about their unusual sessions, at most once per session."""

import logging
import smtplib
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sessions_app.conf import console_settings
from sessions_app.models import Session

logger = logging.getLogger(__name__)

# Path of the user's own sessions page while no URL named "sessions_app:my_sessions"
# is configured.
MY_SESSIONS_FALLBACK_PATH = "/my-sessions/"


def build_my_sessions_url():
    """Return the absolute address of the page where users sign out their sessions."""
    try:
        path = reverse("sessions_app:my_sessions")
    except NoReverseMatch:
        path = MY_SESSIONS_FALLBACK_PATH
    return console_settings.BASE_URL.rstrip("/") + path


def schedule_unusual_session_email(session):
    """Send the email once the transaction that recorded the session commits."""
    if console_settings.UNUSUAL_EMAIL_ENABLED:
        transaction.on_commit(
            partial(send_unusual_session_email, session.pk), robust=True
        )


def claim_email(session_pk):
    """Mark the session's email as sent; return the mark, or None if already marked.

    The conditional update lets only one of several concurrent workers win.
    """
    sent_at = timezone.now()
    claimed = Session.objects.filter(
        pk=session_pk, unusual_email_sent_at__isnull=True
    ).update(unusual_email_sent_at=sent_at)
    return sent_at if claimed else None


def release_email(session_pk, sent_at):
    """Clear a mark set by ``claim_email`` after the email failed, so a later run can
    send it."""
    Session.objects.filter(pk=session_pk, unusual_email_sent_at=sent_at).update(
        unusual_email_sent_at=None
    )


def build_email(session):
    """Return the email about an unusual session, in plain text and HTML."""
    context = {
        "session": session,
        "user": session.user,
        "reasons": session.unusual_reason_labels,
        "my_sessions_url": build_my_sessions_url(),
    }
    # A header cannot hold a line break, and the service name comes from outside.
    subject = " ".join(
        (_("Unusual sign-in to %(service)s") % {"service": session.service}).split()
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("sessions_app/email/unusual_session.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[session.user.email],
    )
    html = render_to_string("sessions_app/email/unusual_session.html", context)
    message.attach_alternative(html, "text/html")
    return message


def send_unusual_session_email(session_pk):
    """Email the user of an unusual session unless it was done; return whether sent."""
    if not console_settings.UNUSUAL_EMAIL_ENABLED:
        return False
    session = Session.objects.select_related("user").filter(pk=session_pk).first()
    if session is None or not session.is_unusual:
        return False
    if not session.user.email:
        logger.warning(
            "No email for unusual session %s: user has no address", session_pk
        )
        return False

    sent_at = claim_email(session_pk)
    if sent_at is None:
        return False
    try:
        build_email(session).send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Email about unusual session %s failed", session_pk)
        release_email(session_pk, sent_at)
        return False

    logger.info("Emailed user %s about unusual session %s", session.user_id, session_pk)
    return True
