"""Limit the request rate of each API token."""

from rest_framework.throttling import SimpleRateThrottle

from sessions_app.conf import console_settings
from sessions_app.models import ServiceToken


class TokenRateThrottle(SimpleRateThrottle):
    """Allow each token ``CONSOLE_API_RATE_LIMIT`` requests, counted in the cache.

    The counts live in Django's ``default`` cache, so the limit applies across worker
    processes only when they share that cache.
    """

    scope = "api_token"

    def get_rate(self):
        return console_settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ServiceToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
