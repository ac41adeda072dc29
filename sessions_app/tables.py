"""The table of sessions that staff browse, built with django-tables2."""

import django_tables2 as tables
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from sessions_app.sorting import DEFAULT_SORT, SORT_FIELDS

# Characters of a session id that the table shows. The detail page shows all of them.
SHORT_SESSION_ID_LENGTH = 10

UNUSUAL_BADGE_TEMPLATE = "sessions_app/includes/unusual_badge.html"

# The cell of a missing value, as django-tables2 writes it.
EMPTY_CELL = "—"

TIME_FORMAT = "%Y-%m-%d %H:%M"


def column(verbose_name, **kwargs):
    """Return a column whose cells its table's ``render_<name>(record)`` renders.

    With no empty values, django-tables2 calls the render method for every cell, as
    ``SessionTable.body_html`` does.
    """
    return tables.Column(verbose_name=verbose_name, empty_values=(), **kwargs)


class SessionTable(tables.Table):
    """Sessions, one per row, linked to their detail pages and sortable by column.

    ``queryset_fields`` names every field the columns read, so the rows of a page load
    in one query. A new column adds the fields it reads there, a ``render_<name>``
    method that takes the record, and, when sortable, its sort key to
    ``sessions_app.sorting.SORT_FIELDS``.
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

    session_id = column(
        _("Session"),
        order_by=SORT_FIELDS["session_id"],
        attrs={"td": {"class": "session-id"}},
    )
    user = column(_("User"), order_by=SORT_FIELDS["user"])
    service = column(_("Service"), order_by=SORT_FIELDS["service"])
    os = column(_("OS"), order_by=SORT_FIELDS["os"], attrs={"td": {"class": "wrap"}})
    ip_address = column(
        _("IP address"),
        order_by=SORT_FIELDS["ip_address"],
        attrs={"td": {"class": "ip-address"}},
    )
    location = column(
        _("Location"), order_by=SORT_FIELDS["location"], attrs={"td": {"class": "wrap"}}
    )
    unusual = column(_("Unusual access"), orderable=False)
    created_at = column(_("Created at"), order_by=SORT_FIELDS["created_at"])
    updated_at = column(_("Updated at"), order_by=SORT_FIELDS["updated_at"])

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

    def body_html(self):
        """Return the rows of the current page as HTML, one ``<tr>`` per session.

        django-tables2 renders each cell through generic accessors and inspects the
        render method's signature every time, about 1 ms per row of this table. The
        cells here come from the same render methods, called directly.
        """
        cells = [
            (
                column.attrs["td"].as_html(),
                conditional_escape(column.header),
                getattr(self, f"render_{column.name}"),
            )
            for column in self.columns
        ]
        rows = []
        for number, row in enumerate(self.paginated_rows):
            record = row.record
            parity = "odd" if number % 2 else "even"
            row_cells = "".join(
                f'<td {attrs} data-label="{label}">{conditional_escape(render(record))}'
                "</td>"
                for attrs, label, render in cells
            )
            rows.append(f'<tr class="{parity}">{row_cells}</tr>')
        return mark_safe("\n".join(rows))  # noqa: S308 -- every cell is escaped

    def render_session_id(self, record):
        value = record.session_id
        url = reverse("sessions_app:session_detail", kwargs={"session_id": value})
        if len(value) <= SHORT_SESSION_ID_LENGTH:
            return format_html('<a href="{}">{}</a>', url, value)
        return format_html(
            '<a href="{}"><span title="{}">{}…</span></a>',
            url,
            value,
            value[:SHORT_SESSION_ID_LENGTH],
        )

    def render_user(self, record):
        return record.user.username

    def render_service(self, record):
        return record.service or EMPTY_CELL

    def render_os(self, record):
        return record.os or EMPTY_CELL

    def render_ip_address(self, record):
        return record.ip_address or EMPTY_CELL

    def render_location(self, record):
        if not record.country_code:
            return record.location or _("Unknown")
        return format_html(
            '{} <span class="country-code">{}</span>',
            record.location,
            record.country_code,
        )

    def render_unusual(self, record):
        # The badge template shows nothing for a usual session.
        if not record.is_unusual:
            return ""
        return get_template(UNUSUAL_BADGE_TEMPLATE).render({"session": record})

    def render_created_at(self, record):
        return timezone.localtime(record.created_at).strftime(TIME_FORMAT)

    def render_updated_at(self, record):
        return timezone.localtime(record.updated_at).strftime(TIME_FORMAT)
