"""URLs of the API, mounted under ``/api/``."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from sessions_app.api import schema, views  # noqa: F401 (schema registers the scheme)
from sessions_app.api.schema_view import SchemaView

app_name = "api"

router = SimpleRouter()
router.register("sessions", views.SessionViewSet, basename="session")

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    re_path(r"^(?P<path>.*)$", views.endpoint_not_found),
]
