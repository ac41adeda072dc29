"""Admin list filters whose choices come from an index instead of a table scan.

Django's default filter for a column lists its values with ``SELECT DISTINCT`` over
the whole table on every page view. These filters walk the column's index one
distinct value at a time on PostgreSQL and cache the result for a few minutes.
"""

from django.contrib import admin
from django.core.cache import cache
from django.db import connections
from django.utils.translation import gettext_lazy as _

from sessions_app.conf import console_settings

# The choice that selects rows whose value is empty (an unlocated address).
EMPTY_CHOICE = "-"

SKIP_SCAN_SQL = """
WITH RECURSIVE walk(value, label) AS (
    (SELECT {value}, {label} FROM {table} ORDER BY {value} LIMIT 1)
    UNION ALL
    SELECT next.value, next.label
    FROM walk, LATERAL (
        SELECT {value} AS value, {label} AS label FROM {table}
        WHERE {value} > walk.value ORDER BY {value} LIMIT 1
    ) AS next
)
SELECT value, label FROM walk
"""


def skip_scan(queryset, field_name, label_name):
    """Return the distinct (value, label) pairs of a column by walking its index."""
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    opts = queryset.model._meta
    sql = SKIP_SCAN_SQL.format(
        table=quote(opts.db_table),
        value=quote(opts.get_field(field_name).column),
        label=quote(opts.get_field(label_name).column),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def list_distinct_values(queryset, field_name, label_name):
    """Return the distinct values of a column, each with a label, in value order."""
    if connections[queryset.db].vendor == "postgresql":
        return skip_scan(queryset, field_name, label_name)

    rows = queryset.order_by(field_name).values_list(field_name, label_name).distinct()
    labels = {}
    for value, label in rows:
        labels.setdefault(value, label)
    return list(labels.items())


def cached_distinct_values(model, field_name, label_name):
    """Return ``list_distinct_values`` of a model's column, cached for a while."""
    key = f"sessions_app:admin-choices:{model._meta.db_table}:{field_name}"
    return cache.get_or_set(
        key,
        lambda: list_distinct_values(
            model._default_manager.all(), field_name, label_name
        ),
        console_settings.ADMIN_FILTER_CACHE_SECONDS,
    )


class IndexedValuesFilter(admin.SimpleListFilter):
    """Filter on an indexed column with few distinct values, such as a country code.

    ``field_name`` is the indexed column that rows are filtered on and ``label_name``
    the column whose value each choice shows.
    """

    field_name = None
    label_name = None

    def lookups(self, request, model_admin):
        values = cached_distinct_values(
            model_admin.model, self.field_name, self.label_name
        )
        return [
            (value or EMPTY_CHOICE, label or _("Unknown")) for value, label in values
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == EMPTY_CHOICE:
            value = ""

        # PostgreSQL rejects a NUL byte in text, and no stored value has one.
        max_length = queryset.model._meta.get_field(self.field_name).max_length
        if "\x00" in value or len(value) > max_length:
            return queryset.none()
        return queryset.filter(**{self.field_name: value})


class ServiceFilter(IndexedValuesFilter):
    title = _("service")
    parameter_name = "service"
    field_name = label_name = "service"


class ContinentFilter(IndexedValuesFilter):
    title = _("continent")
    parameter_name = "continent"
    field_name = "continent_code"
    label_name = "continent"


class CountryFilter(IndexedValuesFilter):
    title = _("country")
    parameter_name = "country"
    field_name = "country_code"
    label_name = "country"
