"""List the years, months or days that have rows by probing an index, not scanning.

Django's date drill-down queries every distinct truncated date of the listed rows,
which reads all of them. With an index on the date column, one EXISTS query per
candidate period touches only a few index pages.
"""

from datetime import datetime, timedelta

from django.db import connections
from django.db.models import Max, Min
from django.utils import timezone

# Beyond this many candidate periods, probing costs more than one scan.
MAX_PROBES = 62


def truncate(moment, kind):
    """Return the start of the year, month or day that contains ``moment``."""
    if kind == "year":
        return datetime(moment.year, 1, 1)
    if kind == "month":
        return datetime(moment.year, moment.month, 1)
    return datetime(moment.year, moment.month, moment.day)


def advance(start, kind):
    """Return the start of the period after the one starting at naive ``start``."""
    if kind == "year":
        return start.replace(year=start.year + 1)
    if kind == "month":
        if start.month == 12:
            return start.replace(year=start.year + 1, month=1)
        return start.replace(month=start.month + 1)
    return start + timedelta(days=1)


def candidate_periods(first, last, kind):
    """Return the naive starts of the periods from ``first`` to ``last``, at most
    ``MAX_PROBES`` + 1 of them."""
    periods = []
    start = truncate(first, kind)
    while start <= last and len(periods) <= MAX_PROBES:
        periods.append(start)
        start = advance(start, kind)
    return periods


def list_periods(queryset, field_name, kind):
    """Return the aware starts of the periods of ``kind`` that have rows, like
    ``QuerySet.datetimes()`` does."""
    bounds = queryset.aggregate(first=Min(field_name), last=Max(field_name))
    if bounds["first"] is None:
        return []

    first = timezone.localtime(bounds["first"]).replace(tzinfo=None)
    last = timezone.localtime(bounds["last"]).replace(tzinfo=None)
    periods = candidate_periods(first, last, kind)
    if len(periods) > MAX_PROBES:
        return list(queryset.datetimes(field_name, kind))

    return [
        timezone.make_aware(start)
        for start in find_periods_with_rows(queryset, field_name, periods, kind)
    ]


def find_periods_with_rows(queryset, field_name, starts, kind):
    """Return the naive ``starts`` whose period contains a row, with one query that
    has an EXISTS per period."""
    if not starts:
        return []

    conditions, params = [], []
    for start in starts:
        window = {
            f"{field_name}__gte": timezone.make_aware(start),
            f"{field_name}__lt": timezone.make_aware(advance(start, kind)),
        }
        probe = queryset.filter(**window).order_by().values("pk")[:1]
        sql, probe_params = probe.query.get_compiler(queryset.db).as_sql()
        conditions.append(f"EXISTS ({sql})")
        params.extend(probe_params)

    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(conditions)}", params)
        found = cursor.fetchone()
    return [start for start, exists in zip(starts, found, strict=True) if exists]


class ProbedDates:
    """The part of a change list's queryset that the date drill-down uses."""

    def __init__(self, queryset):
        self.queryset = queryset

    def aggregate(self, *args, **kwargs):
        return self.queryset.aggregate(*args, **kwargs)

    def datetimes(self, field_name, kind):
        return list_periods(self.queryset, field_name, kind)


class ProbedChangeList:
    """A change list whose date drill-down lists periods with ``list_periods``."""

    def __init__(self, change_list):
        self.change_list = change_list
        self.queryset = ProbedDates(change_list.queryset)

    def __getattr__(self, name):
        return getattr(self.change_list, name)
