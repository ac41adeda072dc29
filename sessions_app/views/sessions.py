"""The staff pages that list sessions and show one session."""

from django.views.generic import DetailView, TemplateView

from sessions_app.conf import console_settings
from sessions_app.filters import SessionFilterSet
from sessions_app.models import Session
from sessions_app.pagination import EstimatedCountPaginator
from sessions_app.sorting import parse_sort
from sessions_app.tables import SessionTable
from sessions_app.views.access import StaffPermissionRequiredMixin
from sessions_app.views.lookups import get_session_or_404

PAGE_SIZES = (25, 50, 100)

# Sessions of the same user listed on a detail page.
RECENT_SESSIONS_LIMIT = 10


def parse_page_size(value):
    """Return the page size that request input names, or the first one if it is not
    offered."""
    try:
        size = int(value)
    except (TypeError, ValueError):
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


class SessionListView(StaffPermissionRequiredMixin, TemplateView):
    """List sessions with filters, sortable columns and pages of a chosen size."""

    permission_required = "sessions_app.view_session"
    template_name = "sessions_app/session_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET

        # Filter. A list that ignored an invalid filter would not be the list asked
        # for, so invalid filters list nothing until they are fixed.
        filterset = SessionFilterSet(query, queryset=Session.objects.all())
        filters_valid = filterset.is_valid()
        queryset = filterset.qs if filters_valid else Session.objects.none()
        active_filters = [
            name for name in filterset.form.fields if name != "q" and query.get(name)
        ]

        # Sort and paginate.
        sort = parse_sort(query.get("sort"))
        page_size = parse_page_size(query.get("per_page"))
        table = self.get_table(queryset, sort, page_size)

        context.update(
            filterset=filterset,
            filters_valid=filters_valid,
            active_filter_count=len(active_filters),
            open_filters=bool(active_filters) or not filters_valid,
            table=table,
            paginator=table.paginator,
            page=table.page,
            first_row=table.page.start_index(),
            last_row=table.page.start_index() + len(table.page) - 1,
            sort=sort,
            page_size=page_size,
            page_sizes=PAGE_SIZES,
        )
        return context

    def get_table(self, queryset, sort, page_size):
        """Return the table of the requested page: the table orders the rows and the
        paginator counts them, without a query per row."""
        table = SessionTable(SessionTable.prepare_queryset(queryset), sort=sort)
        table.paginator = EstimatedCountPaginator(
            table.rows,
            page_size,
            count_queryset=queryset,
            max_rows=console_settings.LIST_MAX_PAGED_ROWS,
        )
        table.page = table.paginator.get_page(self.request.GET.get("page"))
        return table


class SessionDetailView(StaffPermissionRequiredMixin, DetailView):
    """Show every field of one session and the user's other recent sessions."""

    permission_required = "sessions_app.view_session"
    template_name = "sessions_app/session_detail.html"
    queryset = Session.objects.select_related("user")
    slug_url_kwarg = "session_id"
    context_object_name = "session"

    def get_object(self, queryset=None):
        if queryset is None:
            queryset = self.get_queryset()
        return get_session_or_404(queryset, self.kwargs[self.slug_url_kwarg])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent_sessions"] = self.get_recent_sessions()
        return context

    def get_recent_sessions(self):
        """Return the user's newest other sessions, up to ``RECENT_SESSIONS_LIMIT``."""
        session = self.object
        others = Session.objects.filter(user_id=session.user_id).exclude(pk=session.pk)
        fields = [name for name in SessionTable.queryset_fields if "__" not in name]
        return list(others.only(*fields)[:RECENT_SESSIONS_LIMIT])
