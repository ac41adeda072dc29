from django.urls import path

from sessions_app.views import export, home, sessions

app_name = "sessions_app"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("sessions/", sessions.SessionListView.as_view(), name="session_list"),
    path(
        "sessions/export.csv",
        export.SessionExportView.as_view(),
        name="session_export",
    ),
    path(
        "sessions/<str:session_id>/",
        sessions.SessionDetailView.as_view(),
        name="session_detail",
    ),
]
