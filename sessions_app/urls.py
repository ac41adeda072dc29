from django.urls import path

from sessions_app.views import dashboard, export, home, my_sessions, sessions

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
    path("my-sessions/", my_sessions.MySessionsView.as_view(), name="my_sessions"),
    path(
        "my-sessions/sign-out-others/",
        my_sessions.SignOutOtherSessionsView.as_view(),
        name="sign_out_other_sessions",
    ),
    path(
        "my-sessions/<str:session_id>/sign-out/",
        my_sessions.SignOutSessionView.as_view(),
        name="sign_out_session",
    ),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
]
