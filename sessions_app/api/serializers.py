"""Serializers of the API: the session as returned, and the bodies of each request."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from sessions_app.api.fields import (
    IPAddressField,
    PlatformHintField,
    PlatformVersionHintField,
    TextField,
    UserReferenceField,
)
from sessions_app.models import SERVICE_MAX_LENGTH, USER_AGENT_MAX_LENGTH, Session
from sessions_app.services.client_hints import (
    PLATFORM_MAX_LENGTH,
    PLATFORM_VERSION_MAX_LENGTH,
)

# Room for the double quotes that browsers put around client hint values.
QUOTES_LENGTH = 2


class UserSerializer(serializers.Serializer):
    """The user of a session."""

    id = serializers.IntegerField(source="pk", read_only=True)
    username = serializers.CharField(source="get_username", read_only=True)


class SessionSerializer(serializers.ModelSerializer):
    """A session as the API returns it."""

    user = UserSerializer(read_only=True)
    os = serializers.CharField(read_only=True)
    sec_ch_ua_platform = serializers.CharField(source="ua_platform", read_only=True)
    sec_ch_ua_platform_version = serializers.CharField(
        source="ua_platform_version", read_only=True
    )

    class Meta:
        model = Session
        fields = [
            "session_id",
            "user",
            "service",
            "ip_address",
            "user_agent",
            "sec_ch_ua_platform",
            "sec_ch_ua_platform_version",
            "os",
            "os_family",
            "os_version",
            "browser_family",
            "continent_code",
            "continent",
            "country_code",
            "country",
            "city",
            "latitude",
            "longitude",
            "accuracy_radius",
            "created_at",
            "updated_at",
            "ended_at",
        ]
        read_only_fields = fields


class StrictSerializer(serializers.Serializer):
    """A request body serializer that rejects fields it does not know."""

    def to_internal_value(self, data):
        unknown = []
        if isinstance(data, Mapping):
            unknown = [name for name in data if name not in self.fields]
        errors = {
            name: [ErrorDetail(_("Unknown field."), code="unknown")] for name in unknown
        }

        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            errors = {**error.detail, **errors}
        if errors:
            raise serializers.ValidationError(errors)
        return value


def client_hint_fields():
    """Return the optional client hint fields of a request body."""
    return {
        "sec_ch_ua_platform": PlatformHintField(
            source="ua_platform",
            required=False,
            allow_blank=True,
            max_length=PLATFORM_MAX_LENGTH + QUOTES_LENGTH,
            help_text=_("The Sec-CH-UA-Platform header of the user's browser."),
        ),
        "sec_ch_ua_platform_version": PlatformVersionHintField(
            source="ua_platform_version",
            required=False,
            allow_blank=True,
            max_length=PLATFORM_VERSION_MAX_LENGTH + QUOTES_LENGTH,
            help_text=_("The Sec-CH-UA-Platform-Version header of the user's browser."),
        ),
    }


class SessionCreateSerializer(StrictSerializer):
    """The body of a request that records a session."""

    user = UserReferenceField(
        help_text=_("The user's id (a number), username or email address.")
    )
    service = TextField(
        required=False,
        max_length=SERVICE_MAX_LENGTH,
        help_text=_("Optional; when present it must be the token's service."),
    )
    ip_address = IPAddressField(
        allow_null=True,
        help_text=_("The user's IP address as the service saw it; null if unknown."),
    )
    user_agent = TextField(
        allow_blank=True,
        max_length=USER_AGENT_MAX_LENGTH,
        help_text=_("The User-Agent header of the user's browser."),
    )

    def get_fields(self):
        return {**super().get_fields(), **client_hint_fields()}


class SessionActivitySerializer(StrictSerializer):
    """The body of a request that records activity; every field is optional."""

    ip_address = IPAddressField(
        required=False, help_text=_("The address of the user, if it changed.")
    )
    user_agent = TextField(
        required=False,
        allow_blank=True,
        max_length=USER_AGENT_MAX_LENGTH,
        help_text=_("The user agent of the user, if it changed."),
    )

    def get_fields(self):
        return {**super().get_fields(), **client_hint_fields()}


class SessionEndSerializer(StrictSerializer):
    """The body of a request that ends a session: empty."""


class ErrorSerializer(serializers.Serializer):
    """One problem with a request."""

    field = serializers.CharField(
        allow_null=True,
        help_text=_("The body field, header or URL part at fault; null for the body."),
    )
    code = serializers.CharField(help_text=_("A stable code such as invalid."))
    message = serializers.CharField(help_text=_("What is wrong, in plain words."))


class ErrorResponseSerializer(serializers.Serializer):
    """The body of every error response."""

    errors = ErrorSerializer(many=True)
