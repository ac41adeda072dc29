"""Describe the API's token authentication in the OpenAPI schema."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


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
