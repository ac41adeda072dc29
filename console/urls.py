"""URL configuration of the Session Console."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("sessions_app.api.urls")),
    path("", include("sessions_app.urls")),
]
