from django.urls import path

from sessions_app import views

app_name = "sessions_app"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
]
