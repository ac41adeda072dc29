"""Django admin: sessions to view, search and filter, never edit; API tokens."""

import ipaddress

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sessions_app.admin_filters import ContinentFilter, CountryFilter, ServiceFilter
from sessions_app.admin_lookups import ListedLookupsOnlyMixin
from sessions_app.admin_token_filters import TokenRevokedFilter, TokenServiceFilter
from sessions_app.conf import console_settings
from sessions_app.models import (
    ServiceToken,
    Session,
    ip_address_hex,
    normalize_ip_address,
)
from sessions_app.pagination import EstimatedCountPaginator
from sessions_app.services.service_tokens import (
    assign_new_secret,
    log_issued_token,
    revoke_tokens,
)

# Up to this many users matching a search word are passed by id, so the session
# table's user index serves the search. More are matched by a subquery instead.
MAX_SEARCH_USER_IDS = 500


@admin.register(Session)
class SessionAdmin(ListedLookupsOnlyMixin, admin.ModelAdmin):
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
    list_filter = [
        "is_unusual",
        ServiceFilter,
        ContinentFilter,
        CountryFilter,
        "created_at",
    ]
    date_hierarchy = "created_at"
    search_fields = ["=session_id", "user__username", "user__email"]
    search_help_text = _(
        "Search by session id, part of a username or email, IP address or network "
        "(such as 81.2.69.0/24)."
    )
    list_select_related = ["user"]
    # Sorting by any other column sorts every matching row; the creation time has
    # an index in both directions.
    sortable_by = ["created_at"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    # The list only views sessions, and a checkbox per row rendered through the
    # form widget templates took a fifth of a page's time.
    actions = None
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

    def get_paginator(self, request, queryset, per_page, **kwargs):
        return self.paginator(
            queryset,
            per_page,
            max_rows=console_settings.ADMIN_MAX_PAGED_ROWS,
            **kwargs,
        )

    def get_search_results(self, request, queryset, search_term):
        """Keep the sessions that match every word of the search term.

        A word matches a session id exactly, part of the username or email, or the IP
        address or network. Each of these is served by an index of the session table:
        users are found in their own, smaller table first.
        """
        for word in search_term.split():
            queryset = queryset.filter(search_condition(word))
        return queryset, False


def search_condition(word):
    """Return the condition under which a session matches one search word."""
    users = get_user_model().objects.filter(
        Q(username__icontains=word) | Q(email__icontains=word)
    )
    user_ids = list(users.values_list("pk", flat=True)[: MAX_SEARCH_USER_IDS + 1])
    if len(user_ids) > MAX_SEARCH_USER_IDS:
        condition = Q(session_id=word) | Q(user__in=users.values("pk"))
    else:
        condition = Q(session_id=word) | Q(user_id__in=user_ids)

    network = parse_search_network(word)
    if network is not None:
        condition |= Q(
            ip_address_hex__gte=ip_address_hex(network.network_address),
            ip_address_hex__lte=ip_address_hex(network.broadcast_address),
        )
    return condition


def parse_search_address(search_term):
    """Return the IP address a search term names, or None."""
    try:
        ipaddress.ip_address(search_term.strip())
    except ValueError:
        return None
    return normalize_ip_address(search_term)


def parse_search_network(word):
    """Return the network a search word names (one address is a network of one),
    or None; an IPv4-mapped IPv6 address counts as its IPv4 address."""
    address = parse_search_address(word)
    try:
        return ipaddress.ip_network(address or word, strict=False)
    except ValueError:
        return None


def new_token_key(token_id):
    """Return the Django session key under which a new token waits to be shown."""
    return f"sessions_app:new_token:{token_id}"


@admin.register(ServiceToken)
class ServiceTokenAdmin(ListedLookupsOnlyMixin, admin.ModelAdmin):
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
    list_filter = ["kind", TokenRevokedFilter, TokenServiceFilter]
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
        if not change:
            log_issued_token(obj)

    def response_add(self, request, obj, post_url_continue=None):
        """Keep the plain token in the Django session for one display, and redirect
        to the page that shows it, so that reloading that page creates nothing."""
        request.session[new_token_key(obj.pk)] = obj.plain_token
        return redirect(f"admin:{self.created_url_name}", obj.pk)

    @property
    def created_url_name(self):
        return f"{self.opts.app_label}_{self.opts.model_name}_created"

    def get_urls(self):
        created = path(
            "<int:token_id>/created/",
            self.admin_site.admin_view(self.created_view),
            name=self.created_url_name,
        )
        return [created, *super().get_urls()]

    def created_view(self, request, token_id):
        """Show a new token's plain text once, and on later visits that it is gone."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        token = get_object_or_404(ServiceToken, pk=token_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Copy the new token"),
            "token": token,
            "plain_token": request.session.pop(new_token_key(token.pk), None),
        }
        return TemplateResponse(request, self.created_template, context)

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke_selected(self, request, queryset):
        selected = queryset.count()
        revoked = revoke_tokens(queryset)
        level = messages.SUCCESS if revoked else messages.WARNING
        self.message_user(request, describe_revocation(selected, revoked), level)


def describe_revocation(selected, revoked):
    """Return the message after revoking ``revoked`` of ``selected`` tokens."""
    if revoked == 0:
        return ngettext(
            "The selected token was already revoked.",
            "The selected tokens were already revoked.",
            selected,
        )

    message = ngettext(
        "Revoked %(count)d token.", "Revoked %(count)d tokens.", revoked
    ) % {"count": revoked}
    already = selected - revoked
    if already:
        message += " " + ngettext(
            "%(count)d was already revoked.",
            "%(count)d were already revoked.",
            already,
        ) % {"count": already}
    return message
