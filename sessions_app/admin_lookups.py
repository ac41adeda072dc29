"""Limit the query parameters of an admin change list to its own filters."""

from django.contrib.admin import SimpleListFilter
from django.db.models.constants import LOOKUP_SEP


def filter_field_names(list_filter, date_hierarchy):
    """Return the field paths and parameter names that a change list filters on."""
    names = {date_hierarchy} if date_hierarchy else set()
    for item in list_filter:
        if isinstance(item, type) and issubclass(item, SimpleListFilter):
            names.add(item.parameter_name)
        elif isinstance(item, list | tuple):
            names.add(item[0])
        else:
            names.add(item)
    return names


class ListedLookupsOnlyMixin:
    """Accept change list lookups only on the list filters and the date hierarchy.

    Django's admin accepts a lookup on any field of the model from the query string,
    such as ``?ip_address=abc``, and some of those fail in the database with a server
    error. Any other lookup now gets Django's 400 for a disallowed lookup. The search
    box and the ordering and paging parameters are not lookups, so they still work.
    """

    def lookup_allowed(self, lookup, value, request=None):
        list_filter = self.get_list_filter(request) if request else self.list_filter
        names = filter_field_names(list_filter, self.date_hierarchy)
        listed = any(
            lookup == name or lookup.startswith(name + LOOKUP_SEP) for name in names
        )
        return listed and super().lookup_allowed(lookup, value, request)
