"""Admin list filters of API tokens."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class TokenServiceFilter(admin.SimpleListFilter):
    """Filter API tokens by the service they record.

    Staff tokens have no service, and the kind filter already selects them, so no
    choice has an empty label.
    """

    title = _("service")
    parameter_name = "service"

    def lookups(self, request, model_admin):
        services = (
            model_admin.get_queryset(request)
            .exclude(service="")
            .order_by("service")
            .values_list("service", flat=True)
            .distinct()
        )
        return [(service, service) for service in services]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(service=self.value())


class TokenRevokedFilter(admin.SimpleListFilter):
    """Filter API tokens by whether they are revoked."""

    title = _("status")
    parameter_name = "revoked"

    def lookups(self, request, model_admin):
        return [("no", _("Active")), ("yes", _("Revoked"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(revoked_at__isnull=False)
        return queryset
