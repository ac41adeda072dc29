"""The view that serves the OpenAPI schema, with the API's JSON errors."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer

# Characters of an unknown format that the error message repeats.
FORMAT_ECHO_LENGTH = 32


class UnknownSchemaFormat(exceptions.NotFound):
    field = "format"
    default_code = "unknown_format"


class SchemaView(SpectacularAPIView):
    """Serve the OpenAPI schema as YAML or JSON, and its errors as the API's JSON.

    DRF renders an error with the view's first renderer when no renderer suits the
    request. For the schema that is YAML, so ``?format=xml`` would get a 404 in YAML.
    """

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request)
        except (Http404, exceptions.NotAcceptable) as error:
            if force:
                return (JSONRenderer(), JSONRenderer.media_type)
            # Content negotiation raises Http404 only for a ?format= it cannot serve.
            if isinstance(error, Http404):
                raise self.unknown_format(request) from error
            raise

    def unknown_format(self, request):
        """Return the error for the request's ``?format=`` that no renderer serves."""
        value = request.query_params.get("format", "")[:FORMAT_ECHO_LENGTH]
        return UnknownSchemaFormat(
            _("Unknown schema format “%(format)s”. Use ?format=json or ?format=yaml.")
            % {"format": value}
        )
