"""Middleware that rejects requests that no view of the console can serve."""

import logging

from django.http import HttpResponseBadRequest, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

security_logger = logging.getLogger("sessions_app.security")

NUL = "\x00"

# The code Django's own validators give a NUL character in a form field.
NUL_ERROR_CODE = "null_characters_not_allowed"


def find_nul_parameter(query):
    """Return the name of the first query parameter with a NUL character in its
    name or value, or None."""
    for name, values in query.lists():
        if NUL in name or any(NUL in value for value in values):
            return name
    return None


def is_api_request(request):
    """Return whether the request's URL lies under the API, whose errors are JSON."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.namespace == "api"


class RejectNulCharactersMiddleware:
    """Return 400 for a request whose path or query string contains a NUL character.

    No session id, filter value or other URL part of the console contains one, and
    PostgreSQL rejects text that does with a server error, so such a request stops
    here, before any view or database query. API requests get the API's JSON error
    body; other requests get a short plain-text message.

    A cookie that contains a NUL character, such as a session cookie quoted with
    ``\\000`` escapes, is ignored as if the browser had not sent it: the browser
    cannot be asked to fix it, and no cookie the console sets contains one.

    Place it first, or right after ``SecurityMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self.drop_nul_cookies(request)
        if NUL in request.path_info:
            return self.reject(request, field=None)

        parameter = find_nul_parameter(request.GET)
        if parameter is not None:
            return self.reject(request, field=parameter)
        return self.get_response(request)

    def drop_nul_cookies(self, request):
        """Remove the cookies whose name or value contains a NUL character."""
        names = [name for name, value in request.COOKIES.items() if NUL in name + value]
        for name in names:
            del request.COOKIES[name]
        if names:
            security_logger.warning(
                "Ignored %d cookie(s) with a NUL character from %s",
                len(names),
                request.META.get("REMOTE_ADDR"),
            )

    def reject(self, request, *, field):
        """Return the 400 response that names the part of the URL at fault."""
        if field is None:
            message = _("The URL path contains a NUL character (%00). Remove it.")
        else:
            field = field.replace(NUL, "%00")
            message = _(
                "The query parameter “%(name)s” contains a NUL character (%%00). "
                "Remove it."
            ) % {"name": field}

        if is_api_request(request):
            error = {"field": field, "code": NUL_ERROR_CODE, "message": message}
            return JsonResponse({"errors": [error]}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
