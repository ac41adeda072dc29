"""Serializer fields that accept only well-typed, bounded and valid values."""

import ipaddress

from django.contrib.auth import get_user_model
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sessions_app.models import normalize_ip_address
from sessions_app.services.client_hints import clean_platform, clean_platform_version

# An IPv6 address in text form, IPv4-mapped ones included, has at most 45 characters.
IP_ADDRESS_MAX_LENGTH = 45
# Email addresses are at most 254 characters (RFC 5321), usernames usually fewer.
USER_REFERENCE_MAX_LENGTH = 254
BIGINT_MAX = 2**63 - 1


class TextField(serializers.CharField):
    """A string field that rejects numbers and booleans instead of converting them."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class IPAddressField(TextField):
    """An IPv4 or IPv6 address without port, brackets or zone, stored canonically."""

    default_error_messages = {
        "invalid_address": _(
            "Enter a valid IPv4 or IPv6 address, without port, brackets or zone."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", IP_ADDRESS_MAX_LENGTH)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        if len(text) > IP_ADDRESS_MAX_LENGTH or "%" in text:
            self.fail("invalid_address")
        try:
            ipaddress.ip_address(text)
        except ValueError:
            self.fail("invalid_address")
        return normalize_ip_address(text)


class PlatformHintField(TextField):
    """The ``Sec-CH-UA-Platform`` client hint, with or without its quotes."""

    default_error_messages = {
        "invalid_hint": _("Enter a platform such as Windows, macOS or Linux."),
    }
    clean = staticmethod(clean_platform)

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        try:
            return self.clean(text)
        except ValueError:
            self.fail("invalid_hint")


class PlatformVersionHintField(PlatformHintField):
    """The ``Sec-CH-UA-Platform-Version`` client hint, such as ``"15.0.0"``."""

    default_error_messages = {
        "invalid_hint": _("Enter a version of dot-separated numbers such as 15.0.0."),
    }
    clean = staticmethod(clean_platform_version)


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}]})
class UserReferenceField(serializers.Field):
    """A user named by id (a JSON number), or by username or email (a string).

    A username matches exactly. Text with ``@`` that is no username matches an email
    without regard to case, and must match one user only.
    """

    default_error_messages = {
        "invalid": _(
            "Send the user's id as a number, or the username or email as text."
        ),
        "unknown_id": _("No user has the id {value}."),
        "unknown_name": _("No user has the username or email “{value}”."),
        "ambiguous": _(
            "Several users have the email “{value}”; send the username or id instead."
        ),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.text_field = TextField(max_length=USER_REFERENCE_MAX_LENGTH)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalid")
        if isinstance(data, int):
            return self.find_by_id(data)
        return self.find_by_name(self.text_field.run_validation(data))

    def to_representation(self, user):
        return user.pk

    def find_by_id(self, user_id):
        """Return the user with an id, checking the range before any query."""
        user_model = get_user_model()
        pk_type = user_model._meta.pk.get_internal_type()
        low, high = BaseDatabaseOperations.integer_field_ranges.get(
            pk_type, (1, BIGINT_MAX)
        )
        if not max(low, 1) <= user_id <= high:
            self.fail("unknown_id", value=user_id)
        try:
            return user_model._default_manager.get(pk=user_id)
        except user_model.DoesNotExist:
            self.fail("unknown_id", value=user_id)

    def find_by_name(self, text):
        """Return the user with a username, or else with an email address."""
        user_model = get_user_model()
        manager = user_model._default_manager
        user = manager.filter(**{user_model.USERNAME_FIELD: text}).first()
        if user is not None:
            return user
        if "@" not in text:
            self.fail("unknown_name", value=text)

        email_lookup = f"{user_model.get_email_field_name()}__iexact"
        matches = list(manager.filter(**{email_lookup: text})[:2])
        if len(matches) > 1:
            self.fail("ambiguous", value=text)
        if not matches:
            self.fail("unknown_name", value=text)
        return matches[0]
