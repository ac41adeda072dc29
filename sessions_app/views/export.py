"""The CSV export of the filtered session list."""

import logging

from django.http import HttpResponseBadRequest
from django.views import View

from sessions_app.export import SessionExport
from sessions_app.filters import SessionFilterSet
from sessions_app.models import Session
from sessions_app.sorting import order_sessions, parse_sort
from sessions_app.views.access import StaffPermissionRequiredMixin

security_logger = logging.getLogger("sessions_app.security")


def describe_filters(filterset, sort):
    """Return the filters a request set, and its sort key, as a dict for the log."""
    data = filterset.form.data
    filters = {name: data[name] for name in filterset.form.fields if data.get(name)}
    filters["sort"] = sort
    return filters


def format_errors(form):
    """Return the form errors as plain text lines, one per invalid field."""
    lines = []
    for name, messages in form.errors.items():
        field = form.fields.get(name)
        label = field.label if field else name
        lines.append(f"{label}: {' '.join(messages)}")
    return "\n".join(lines)


class SessionExportView(StaffPermissionRequiredMixin, View):
    """Download the filtered, sorted session list as CSV: every page of it."""

    permission_required = "sessions_app.export_session"

    def get(self, request):
        filterset = SessionFilterSet(request.GET, queryset=Session.objects.all())
        if not filterset.is_valid():
            return HttpResponseBadRequest(
                format_errors(filterset.form), content_type="text/plain; charset=utf-8"
            )

        sort = parse_sort(request.GET.get("sort"))
        export = SessionExport(
            order_sessions(filterset.qs, sort),
            user=request.user,
            filters=describe_filters(filterset, sort),
        )
        return export.response()

    def handle_no_permission(self):
        user = self.request.user
        if user.is_authenticated:
            security_logger.warning(
                "Denied session export to user %s (id %s)", user.get_username(), user.pk
            )
        else:
            security_logger.warning("Denied session export to an anonymous visitor")
        return super().handle_no_permission()
