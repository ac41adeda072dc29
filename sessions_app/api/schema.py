"""Describe the API's token authentication and list filters in the OpenAPI schema."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from sessions_app.filters import DayEndFilter, DayStartFilter, IPNetworkFilter

# These filters take a type that their model field does not tell: an address or
# network as text, and a day rather than a date and time.
extend_schema_field(OpenApiTypes.STR)(IPNetworkFilter)
extend_schema_field(OpenApiTypes.DATE)(DayStartFilter)
extend_schema_field(OpenApiTypes.DATE)(DayEndFilter)


class ServiceTokenScheme(OpenApiAuthenticationExtension):
    target_class = "sessions_app.api.authentication.ServiceTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "An API token from the admin or the create_service_token command. "
                "Service tokens record sessions; staff tokens read them."
            ),
        }
