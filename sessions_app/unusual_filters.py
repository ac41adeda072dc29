"""django-filter filters for unusual sessions, to declare on any session FilterSet.

class SessionFilter(django_filters.FilterSet):
    unusual = UnusualFilter()
    reason = UnusualReasonFilter()
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from sessions_app.models import UnusualReason


def filter_unusual(queryset, name, value):
    """Keep unusual sessions for True, the others for False, all for None."""
    if value is None:
        return queryset
    if value:
        return queryset.unusual()
    return queryset.filter(is_unusual=False)


def filter_reason(queryset, name, value):
    """Keep the sessions unusual for the reason ``value``; all when it is empty."""
    if not value:
        return queryset
    return queryset.with_reason(value)


class UnusualFilter(django_filters.BooleanFilter):
    """Filter on whether a session is unusual: yes, no or either."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Unusual"))
        kwargs.setdefault("method", filter_unusual)
        super().__init__(*args, **kwargs)


class UnusualReasonFilter(django_filters.ChoiceFilter):
    """Filter on one unusual reason; an unknown code is a form error."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Unusual reason"))
        kwargs.setdefault("choices", UnusualReason.choices)
        kwargs.setdefault("method", filter_reason)
        super().__init__(*args, **kwargs)
