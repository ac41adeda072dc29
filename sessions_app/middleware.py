"""Middleware of the Session Console."""

from sessions_app.services.client_hints import PLATFORM_HEADER, PLATFORM_VERSION_HEADER

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
