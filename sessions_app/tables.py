"""The table of sessions that staff browse, built with django-tables2."""

import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sessions_app.sorting import DEFAULT_SORT, SORT_FIELDS

# Characters of a session id that the table shows. The detail page shows all of them.
SHORT_SESSION_ID_LENGTH = 10

UNUSUAL_BADGE_TEMPLATE = "sessions_app/includes/unusual_badge.html"


class SessionTable(tables.Table):
    """Sessions, one per row, linked to their detail pages and sortable by column.

    ``queryset_fields`` names every field the columns read, so the rows of a page load
    in one query. A new column adds the fields it reads there, and a sortable one adds
    its sort key to ``sessions_app.sorting.SORT_FIELDS``.
    """

    queryset_fields = (
        "session_id",
        "user__username",
        "service",
        "os_family",
        "os_version",
        "ip_address",
        "continent",
        "country",
        "country_code",
        "city",
        "created_at",
        "updated_at",
        "is_unusual",
        "unusual_reasons",
    )

    session_id = tables.Column(
        verbose_name=_("Session"),
        linkify=("sessions_app:session_detail", {"session_id": tables.A("session_id")}),
        order_by=SORT_FIELDS["session_id"],
        attrs={"td": {"class": "session-id"}},
    )
    user = tables.Column(
        verbose_name=_("User"),
        accessor="user__username",
        order_by=SORT_FIELDS["user"],
    )
    service = tables.Column(verbose_name=_("Service"), order_by=SORT_FIELDS["service"])
    os = tables.Column(
        verbose_name=_("OS"),
        empty_values=(),
        order_by=SORT_FIELDS["os"],
        attrs={"td": {"class": "wrap"}},
    )
    ip_address = tables.Column(
        verbose_name=_("IP address"),
        order_by=SORT_FIELDS["ip_address"],
        attrs={"td": {"class": "ip-address"}},
    )
    location = tables.Column(
        verbose_name=_("Location"),
        empty_values=(),
        order_by=SORT_FIELDS["location"],
        attrs={"td": {"class": "wrap"}},
    )
    unusual = tables.Column(
        verbose_name=_("Unusual access"),
        accessor="is_unusual",
        empty_values=(),
        orderable=False,
    )
    created_at = tables.DateTimeColumn(
        verbose_name=_("Created at"),
        format="Y-m-d H:i",
        order_by=SORT_FIELDS["created_at"],
    )
    updated_at = tables.DateTimeColumn(
        verbose_name=_("Updated at"),
        format="Y-m-d H:i",
        order_by=SORT_FIELDS["updated_at"],
    )

    class Meta:
        template_name = "sessions_app/session_table.html"
        attrs = {"class": "data-table"}
        order_by_field = "sort"
        empty_text = _("No sessions match these filters.")

    def __init__(self, data, *, sort=DEFAULT_SORT, **kwargs):
        super().__init__(data, order_by=(sort,), **kwargs)

    @classmethod
    def prepare_queryset(cls, queryset):
        """Return ``queryset`` with the user joined and only the fields shown."""
        return queryset.select_related("user").only(*cls.queryset_fields)

    def render_session_id(self, value):
        if len(value) <= SHORT_SESSION_ID_LENGTH:
            return value
        return format_html(
            '<span title="{}">{}…</span>', value, value[:SHORT_SESSION_ID_LENGTH]
        )

    def render_unusual(self, record):
        # A usual session gets a truly empty cell, which the phone layout hides.
        if not record.is_unusual:
            return ""
        return render_to_string(UNUSUAL_BADGE_TEMPLATE, {"session": record})

    def render_os(self, record):
        return record.os or "—"

    def render_location(self, record):
        if not record.country_code:
            return record.location or _("Unknown")
        return format_html(
            '{} <span class="country-code">{}</span>',
            record.location,
            record.country_code,
        )
