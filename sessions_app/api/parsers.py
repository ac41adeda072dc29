"""A JSON parser that bounds the body size and rejects malformed bodies with a 400."""

import json

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from sessions_app.api.exceptions import RequestBodyTooLarge
from sessions_app.conf import console_settings


def reject_constant(name):
    """Reject ``NaN`` and ``Infinity``, which JSON does not allow."""
    raise ValueError(_("%(name)s is not valid JSON") % {"name": name})


class BoundedJSONParser(JSONParser):
    """Parse a JSON body of at most ``CONSOLE_API_MAX_BODY_SIZE`` bytes."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = console_settings.API_MAX_BODY_SIZE
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise RequestBodyTooLarge(
                _("The request body is larger than %(limit)d bytes.") % {"limit": limit}
            )

        # Django has already checked the charset of the Content-Type header.
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            message = _("The body is not valid %(encoding)s.") % {"encoding": encoding}
            raise ParseError(message) from None

        try:
            return json.loads(text, parse_constant=reject_constant)
        except RecursionError:
            raise ParseError(_("Malformed JSON: nested too deeply.")) from None
        except ValueError as error:
            message = _("Malformed JSON: %(error)s.") % {"error": error}
            raise ParseError(message) from None
