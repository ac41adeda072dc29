"""The staff dashboard: sessions and unusual sessions over a chosen period."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import TemplateView

from sessions_app.forms.dashboard import DashboardPeriodForm
from sessions_app.selectors.dashboard import build_dashboard


class DashboardView(PermissionRequiredMixin, TemplateView):
    """Chart sessions per day, unusual sessions per day, top countries and services.

    Anonymous visitors are sent to sign in; signed-in users without permission to view
    sessions get 403.
    """

    permission_required = "sessions_app.view_session"
    template_name = "sessions_app/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = DashboardPeriodForm(self.request.GET)
        context["form"] = form
        if form.is_valid():
            context.update(build_dashboard(*form.date_range()))
        return context
