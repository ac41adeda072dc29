"""The project's URLs plus a page named ``sessions_app:my_sessions``."""

from django.urls import include, path
from django.views.generic import TemplateView

from sessions_app.urls import urlpatterns as app_urlpatterns

my_sessions = TemplateView.as_view(template_name="sessions_app/home.html")

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path(
        "",
        include(
            (
                [
                    *app_urlpatterns,
                    path("me/sessions/", my_sessions, name="my_sessions"),
                ],
                "sessions_app",
            )
        ),
    ),
]
