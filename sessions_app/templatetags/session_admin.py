"""Template tags of the session admin."""

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy

from sessions_app.admin_dates import ProbedChangeList

register = template.Library()


@register.inclusion_tag("admin/date_hierarchy.html")
def probed_date_hierarchy(change_list):
    """Render the date drill-down of a change list, listing periods by index probes."""
    return date_hierarchy(ProbedChangeList(change_list))
