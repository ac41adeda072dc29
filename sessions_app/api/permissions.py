"""Permissions: the kind of API token that each endpoint needs."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from sessions_app.models import ServiceToken


def token_kind(request):
    """Return the kind of the request's token, or None without one."""
    token = request.auth
    return token.kind if isinstance(token, ServiceToken) else None


class HasServiceToken(BasePermission):
    """Allow the service tokens, which write the sessions of their own service."""

    message = _("Recording sessions needs a service token; staff tokens only read.")

    def has_permission(self, request, view):
        return token_kind(request) == ServiceToken.Kind.SERVICE


class HasStaffToken(BasePermission):
    """Allow the staff tokens, which read the sessions of every service."""

    message = _("Reading sessions needs a staff token.")

    def has_permission(self, request, view):
        return token_kind(request) == ServiceToken.Kind.STAFF
