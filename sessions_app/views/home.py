"""The console's start page."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import TemplateView


class HomeView(LoginRequiredMixin, TemplateView):
    """Show staff where to go next; send everyone else to their own sessions."""

    template_name = "sessions_app/home.html"

    def get(self, request, *args, **kwargs):
        if not request.user.is_staff:
            return redirect("sessions_app:my_sessions")
        return super().get(request, *args, **kwargs)
