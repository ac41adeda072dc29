"""The console's start page."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class HomeView(LoginRequiredMixin, TemplateView):
    """Show the signed-in user where to go next."""

    template_name = "sessions_app/home.html"
