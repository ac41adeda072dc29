"""Issue, find and revoke the API tokens of services.

A token is ``sct_`` followed by 256 random bits. Only its SHA-256 hash is stored: a
token is high-entropy, so a fast hash suffices and a salt adds nothing. The first
characters are kept in plain text so people can tell tokens apart.
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from sessions_app.models import ServiceToken

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "sct_"  # noqa: S105 (a public marker, not a secret)
DISPLAYED_PREFIX_LENGTH = len(TOKEN_PREFIX) + 8
# Longer texts cannot be tokens, so they are rejected before hashing.
TOKEN_MAX_LENGTH = 128
# ``last_used_at`` is written at most this often, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def generate_token():
    """Return a new plain token."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(plain_token):
    """Return the hex SHA-256 hash under which a token is stored."""
    return hashlib.sha256(plain_token.encode("utf-8", "replace")).hexdigest()


def assign_new_secret(token):
    """Give an unsaved token a new secret and return the plain token, shown once."""
    plain_token = generate_token()
    token.prefix = plain_token[:DISPLAYED_PREFIX_LENGTH]
    token.secret_hash = hash_token(plain_token)
    return plain_token


def issue_service_token(*, name, service="", kind=ServiceToken.Kind.SERVICE):
    """Create a token and return it with its plain text, which is not stored."""
    token = ServiceToken(kind=kind, service=service, name=name)
    token.full_clean(exclude=["prefix", "secret_hash"])
    plain_token = assign_new_secret(token)
    token.save()
    log_issued_token(token)
    return token, plain_token


def log_issued_token(token):
    """Log a new token by kind, prefix and name, and a service token's service."""
    if token.service:
        logger.info(
            "Issued %s token %s named %r for service %r",
            token.kind,
            token.prefix,
            token.name,
            token.service,
        )
    else:
        logger.info("Issued %s token %s named %r", token.kind, token.prefix, token.name)


def find_token(plain_token):
    """Return the token, revoked or not, whose secret this is; None if there is none."""
    if not plain_token or len(plain_token) > TOKEN_MAX_LENGTH:
        return None
    return ServiceToken.objects.filter(secret_hash=hash_token(plain_token)).first()


def revoke_tokens(queryset):
    """Revoke the active tokens of a queryset and return how many were revoked."""
    return queryset.active().update(revoked_at=timezone.now())


def record_token_use(token):
    """Move ``last_used_at`` forward, writing at most once per resolution interval.

    The token has just been read, so a recent ``last_used_at`` on it saves the query.
    The UPDATE's own condition keeps concurrent requests from writing twice.
    """
    now = timezone.now()
    cutoff = now - LAST_USED_RESOLUTION
    if token.last_used_at is not None and token.last_used_at >= cutoff:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=cutoff)
    ServiceToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
