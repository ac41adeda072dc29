"""API errors, and the handler that returns every error in one JSON shape.

Every error response has the body ``{"errors": [{"field", "code", "message"}]}``.
``field`` names the body field (dotted for nested ones), the header, or the URL part
at fault, and is null for a problem with the request as a whole.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

from sessions_app.services import ingest

logger = logging.getLogger(__name__)

# Field names echoed from a request body are cut to this length.
FIELD_NAME_MAX_LENGTH = 64
NON_FIELD_KEYS = {"non_field_errors", "detail"}

# The request part that each standard error is about, when it names no field.
DEFAULT_FIELDS = {
    exceptions.NotAuthenticated: "Authorization",
    exceptions.AuthenticationFailed: "Authorization",
    exceptions.PermissionDenied: "Authorization",
    exceptions.UnsupportedMediaType: "Content-Type",
    exceptions.NotAcceptable: "Accept",
}


class RequestBodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "too_large"


class SessionNotFound(exceptions.NotFound):
    field = "session_id"
    default_detail = _("No session has this id.")
    default_code = "not_found"


class SessionEnded(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    field = "session_id"
    default_detail = _("This session has ended; record a new session instead.")
    default_code = "ended"


class ServiceMismatch(exceptions.PermissionDenied):
    field = "service"
    default_detail = _("This token records the sessions of another service.")
    default_code = "wrong_service"


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    field = "Idempotency-Key"
    default_detail = _(
        "This idempotency key was used for a different request; use a new key."
    )
    default_code = "reused"


class ConcurrentChange(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with a concurrent change; retry it.")
    default_code = "conflict"


DOMAIN_EXCEPTIONS = {
    ingest.SessionNotFound: SessionNotFound,
    ingest.SessionEnded: SessionEnded,
    ingest.ServiceMismatch: ServiceMismatch,
    ingest.IdempotencyKeyReused: IdempotencyKeyReused,
    IntegrityError: ConcurrentChange,
}


def as_api_exception(exc):
    """Return the API exception for a Django or service-layer exception."""
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    for exception_class, api_exception_class in DOMAIN_EXCEPTIONS.items():
        if isinstance(exc, exception_class):
            if exception_class is IntegrityError:
                logger.warning("Returned 409 for a database conflict: %s", exc)
            return api_exception_class()
    return exc


def safe_field_name(name):
    """Return a field name from a request that is short and encodable as UTF-8."""
    text = str(name)[:FIELD_NAME_MAX_LENGTH]
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def default_field(exc):
    """Return the request part that an error without field errors is about."""
    if getattr(exc, "field", None):
        return exc.field
    for exception_class, field in DEFAULT_FIELDS.items():
        if isinstance(exc, exception_class):
            return field
    return None


def flatten_errors(detail, field):
    """Return ``{"field", "code", "message"}`` items for a possibly nested detail."""
    if isinstance(detail, dict):
        errors = []
        for key, value in detail.items():
            name = safe_field_name(key)
            child = field if key in NON_FIELD_KEYS else name
            if field and key not in NON_FIELD_KEYS:
                child = f"{field}.{name}"
            errors.extend(flatten_errors(value, child))
        return errors
    if isinstance(detail, list):
        return [error for item in detail for error in flatten_errors(item, field)]
    code = getattr(detail, "code", None) or "error"
    return [{"field": field, "code": code, "message": str(detail)}]


def handle_api_exception(exc, context):
    """Return an API error as a JSON list of errors; leave the rest to Django."""
    exc = as_api_exception(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None

    field = default_field(exc) if not isinstance(exc.detail, dict) else None
    response.data = {"errors": flatten_errors(exc.detail, field)}
    return response
