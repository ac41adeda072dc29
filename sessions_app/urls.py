from django.urls import path

from sessions_app.views import home

app_name = "sessions_app"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
]
