from django.urls import path

from sessions_app.views import dashboard, home

app_name = "sessions_app"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
]
