"""Read the ``Idempotency-Key`` header of a create request and fingerprint the body."""

import hashlib
import json
import re

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

HEADER = "Idempotency-Key"
KEY_MAX_LENGTH = 255
# Visible ASCII characters, as in a UUID or any other client-made key.
KEY_PATTERN = re.compile(rf"[\x21-\x7e]{{1,{KEY_MAX_LENGTH}}}")


def read_idempotency_key(request):
    """Return the request's idempotency key, or "" without one.

    The key may be sent bare or as a quoted structured-header string.
    """
    value = request.headers.get(HEADER)
    if value is None:
        return ""

    key = value.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not KEY_PATTERN.fullmatch(key):
        message = _("Send 1 to %(max)d visible ASCII characters, such as a UUID.") % {
            "max": KEY_MAX_LENGTH
        }
        raise ValidationError({HEADER: [message]})
    return key


def hash_request_body(data):
    """Return a fingerprint of a parsed body that ignores the order of its keys."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
