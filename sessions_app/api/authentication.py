"""Authenticate API requests by an ``Authorization: Bearer <token>`` header."""

import logging

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from sessions_app.services.service_tokens import (
    DISPLAYED_PREFIX_LENGTH,
    find_token,
    record_token_use,
)

security_logger = logging.getLogger("sessions_app.security")

SCHEME = "Bearer"


class TokenClient:
    """The service or staff client behind a token; not a Django user."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, token):
        self.token = token

    def __str__(self):
        return str(self.token)


class ServiceTokenAuthentication(authentication.BaseAuthentication):
    """Accept an active API token sent with the Bearer scheme."""

    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        if not header:
            return None

        scheme, _separator, plain_token = header.strip().partition(" ")
        plain_token = plain_token.strip()
        if scheme.lower() != SCHEME.lower() or not plain_token or " " in plain_token:
            raise exceptions.AuthenticationFailed(
                _("Send the token as “Authorization: Bearer <token>”.")
            )

        token = find_token(plain_token)
        if token is None or token.is_revoked:
            self.log_rejected_token(request, plain_token, token)
            raise exceptions.AuthenticationFailed(_("The token is invalid or revoked."))

        record_token_use(token)
        return TokenClient(token), token

    def authenticate_header(self, request):
        return f'{SCHEME} realm="api"'

    @staticmethod
    def log_rejected_token(request, plain_token, token):
        """Log a rejected token by its public prefix only, never the secret."""
        if token is None:
            security_logger.warning(
                "Rejected an unknown API token from %s",
                request.META.get("REMOTE_ADDR", "?"),
            )
        else:
            security_logger.warning(
                "Rejected revoked API token %s (%s) from %s",
                plain_token[:DISPLAYED_PREFIX_LENGTH],
                token.name,
                request.META.get("REMOTE_ADDR", "?"),
            )
