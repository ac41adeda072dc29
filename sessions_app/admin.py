"""Django admin: sessions to view, search and filter, never edit; API tokens."""

import ipaddress

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sessions_app.models import ServiceToken, Session, normalize_ip_address
from sessions_app.pagination import EstimatedCountPaginator
from sessions_app.services.service_tokens import assign_new_secret, revoke_tokens


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = [
        "session_id",
        "user",
        "service",
        "os_display",
        "ip_address",
        "country",
        "city",
        "created_at",
        "updated_at",
    ]
    list_filter = ["is_unusual", "service", "continent", "country", "created_at"]
    date_hierarchy = "created_at"
    search_fields = ["=session_id", "user__username", "user__email"]
    search_help_text = _("Search by session id, username, email or exact IP address.")
    list_select_related = ["user"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    readonly_fields = [
        field.name for field in Session._meta.fields if field.name != "id"
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "session_id",
                    "user",
                    "service",
                    "created_at",
                    "updated_at",
                    "ended_at",
                    "expires_at",
                ]
            },
        ),
        (
            _("Device"),
            {"fields": ["user_agent", "os_family", "os_version", "browser_family"]},
        ),
        (
            _("Location"),
            {
                "fields": [
                    "ip_address",
                    "continent",
                    "country",
                    "country_code",
                    "city",
                    "latitude",
                    "longitude",
                    "accuracy_radius",
                ]
            },
        ),
        (
            _("Unusual access"),
            {"fields": ["is_unusual", "unusual_reasons", "unusual_email_sent_at"]},
        ),
    ]

    @admin.display(description=_("OS"), ordering="os_family")
    def os_display(self, session):
        return session.os

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        """Match an exact IP address too, without sending text that is not one to the
        database (PostgreSQL rejects it for an ``inet`` column)."""
        queryset, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        address = parse_search_address(search_term)
        if address:
            queryset |= self.model.objects.filter(ip_address=address)
        return queryset, may_have_duplicates


def parse_search_address(search_term):
    """Return the IP address a search term names, or None."""
    try:
        ipaddress.ip_address(search_term.strip())
    except ValueError:
        return None
    return normalize_ip_address(search_term)


@admin.register(ServiceToken)
class ServiceTokenAdmin(admin.ModelAdmin):
    """Create and revoke API tokens; a new token is shown once, then only its hash
    is kept."""

    list_display = [
        "name",
        "kind",
        "service",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["kind", ("revoked_at", admin.EmptyFieldListFilter), "service"]
    search_fields = ["name", "service", "=prefix"]
    actions = ["revoke_selected"]
    created_template = "admin/sessions_app/servicetoken/token_created.html"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["kind", "service", "name"]
        return [
            "name",
            "kind",
            "service",
            "prefix",
            "created_at",
            "last_used_at",
            "revoked_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["kind", "service", "prefix", "created_at", "last_used_at", "revoked_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.plain_token = assign_new_secret(obj)
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """Show the plain token on its own page, the only time it is ever shown."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Copy the new token"),
            "token": obj,
            "plain_token": obj.plain_token,
        }
        return TemplateResponse(request, self.created_template, context)

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke_selected(self, request, queryset):
        count = revoke_tokens(queryset)
        self.message_user(
            request,
            ngettext("Revoked %(count)d token.", "Revoked %(count)d tokens.", count)
            % {"count": count},
            messages.SUCCESS,
        )
