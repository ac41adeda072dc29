"""URLs of a benchmark run: the project's own, plus a baseline session admin.

The baseline admin keeps Django's stock list filters, date hierarchy and search, so
one run shows what the tuned admin saves on the same data.
"""

from django.contrib import admin
from django.urls import path

from console.urls import urlpatterns as project_urlpatterns
from sessions_app.admin import SessionAdmin, parse_search_address
from sessions_app.models import Session
from sessions_app.pagination import EstimatedCountPaginator

BASELINE_ADMIN_PREFIX = "bench/baseline-admin/"

baseline_site = admin.AdminSite(name="bench_baseline_admin")


@admin.register(Session, site=baseline_site)
class BaselineSessionAdmin(SessionAdmin):
    """The session admin with Django's default filters, dates, search and paging."""

    list_filter = ["service", "continent", "country", "created_at"]
    sortable_by = None
    actions = ()
    paginator = EstimatedCountPaginator
    change_list_template = "admin/change_list.html"
    show_facets = admin.ShowFacets.ALLOW

    def get_paginator(self, request, queryset, per_page, **kwargs):
        return EstimatedCountPaginator(queryset, per_page, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = admin.ModelAdmin.get_search_results(
            self, request, queryset, search_term
        )
        address = parse_search_address(search_term)
        if address:
            queryset |= self.model.objects.filter(ip_address=address)
        return queryset, may_have_duplicates


urlpatterns = [
    path(BASELINE_ADMIN_PREFIX, baseline_site.urls),
    *project_urlpatterns,
]
