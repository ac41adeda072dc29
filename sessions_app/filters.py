"""The filters of session lists, shared by every view that lists or exports sessions.

Each filter reads one query parameter. An invalid value, such as a malformed IP address
or an end date before its start date, becomes a form error on its field. A view can
then show it next to the field or return it in a 400 response.
"""

import datetime
import ipaddress

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sessions_app.forms.fields import ISODateField
from sessions_app.models import Session, UnusualReason, ip_address_hex

TEXT_MAX_LENGTH = 254

# The continents of the geolocation database, by the codes it stores.
CONTINENT_CHOICES = [
    ("AF", _("Africa")),
    ("AN", _("Antarctica")),
    ("AS", _("Asia")),
    ("EU", _("Europe")),
    ("NA", _("North America")),
    ("OC", _("Oceania")),
    ("SA", _("South America")),
]

# Dates outside these bounds cannot become aware datetimes in every time zone: the day
# after 9999-12-31 does not exist in Python.
EARLIEST_DAY = datetime.date(1900, 1, 1)
LATEST_DAY = datetime.date(9999, 12, 30)

# Users that a filter or search lists by id; more stay a subquery.
MAX_LISTED_USERS = 1000

# Pairs of (start, end) day filters whose start must not come after their end.
DAY_RANGES = [("created_from", "created_to"), ("updated_from", "updated_to")]


def start_of_day(day):
    """Return the first instant of a day in the current time zone."""
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min),
        timezone.get_current_timezone(),
    )


def parse_network(text):
    """Return the IP network that ``text`` names, an address being a network of one.

    Raise ``ValueError`` when ``text`` is neither an address nor a network in CIDR form.
    """
    return ipaddress.ip_network(text.strip(), strict=False)


def network_key_range(network):
    """Return the first and last ``ip_address_hex`` keys of a network."""
    first = ip_address_hex(network.network_address)
    last = ip_address_hex(network.broadcast_address)
    return first, last


class IPNetworkField(forms.CharField):
    """A text field that cleans an IP address or CIDR network into a network."""

    default_error_messages = {
        "invalid": _(
            "Enter a valid IP address or network, such as 192.0.2.10, 192.0.2.0/24 "
            "or 2001:db8::/32."
        ),
    }

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return None
        try:
            return parse_network(text)
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None


class DayField(ISODateField):
    """A date field bounded to the days that have a start and an end in any zone."""

    default_validators = [
        MinValueValidator(EARLIEST_DAY),
        MaxValueValidator(LATEST_DAY),
    ]


class IPNetworkFilter(django_filters.Filter):
    """Match sessions whose IP address lies in a network, on IPv4 and IPv6 alike.

    The ``ip_address_hex`` keys sort like the addresses, so a network is one indexed
    range query on every database.
    """

    field_class = IPNetworkField

    def filter(self, qs, value):
        if value is None:
            return qs
        first, last = network_key_range(value)
        return qs.filter(ip_address_hex__gte=first, ip_address_hex__lte=last)


class DayStartFilter(django_filters.Filter):
    """Match sessions at or after the start of a day in the viewer's time zone."""

    field_class = DayField

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__gte": start_of_day(value)})


class DayEndFilter(django_filters.Filter):
    """Match sessions up to the end of a day in the viewer's time zone, that day
    included.

    ``earlier_field`` names a field whose value is never later than ``field_name``'s,
    such as the creation time of an update time. It gets the same bound: a condition
    that changes no result but lets PostgreSQL walk that field's index back from the
    day's end, where the matches are, rather than from the newest session.
    """

    field_class = DayField

    def __init__(self, *args, earlier_field=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.earlier_field = earlier_field

    def filter(self, qs, value):
        if value is None:
            return qs
        end = start_of_day(value + datetime.timedelta(days=1))
        qs = qs.filter(**{f"{self.field_name}__lt": end})
        if self.earlier_field:
            qs = qs.filter(**{f"{self.earlier_field}__lt": end})
        return qs


class SessionFilterForm(forms.Form):
    """Validate the filters together: each day range must be in order."""

    def clean(self):
        cleaned_data = super().clean()
        for start_name, end_name in DAY_RANGES:
            start = cleaned_data.get(start_name)
            end = cleaned_data.get(end_name)
            if start and end and start > end:
                self.add_error(
                    end_name,
                    forms.ValidationError(
                        _("The end date must not be before the start date."),
                        code="range_order",
                    ),
                )
        return cleaned_data


def match_users(users):
    """Return a condition on sessions that matches the sessions of ``users``.

    The user ids are read first and listed in the condition, so that PostgreSQL can
    combine the user index with the indexes of other conditions, which it cannot do
    for a subquery. Past ``MAX_LISTED_USERS`` matches the users stay a subquery.
    """
    user_ids = list(users.values_list("pk", flat=True)[: MAX_LISTED_USERS + 1])
    if len(user_ids) > MAX_LISTED_USERS:
        return Q(user__in=users.values("pk"))
    return Q(user_id__in=user_ids)


def match_user(value):
    """Return a condition on users that matches a username, an email or an id."""
    condition = Q(username__iexact=value) | Q(email__iexact=value)
    if value.isascii() and value.isdigit():
        condition |= Q(pk=int(value))
    return condition


def match_country(value):
    """Return a condition on sessions that matches a country name or ISO code.

    Two letters are a code, because no country name is that short, and a condition on
    the code alone lets the database read the country code index.
    """
    if len(value) == 2 and value.isascii() and value.isalpha():
        return Q(country_code=value.upper())
    return Q(country__iexact=value)


def match_search(value):
    """Return a condition on sessions that matches the free search text."""
    users = get_user_model().objects.filter(username__istartswith=value)
    condition = (
        Q(session_id=value)
        | match_users(users)
        | Q(city__istartswith=value)
        | Q(service__istartswith=value)
        | match_country(value)
    )
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return condition
    return condition | Q(ip_address_hex=ip_address_hex(address))


UNUSUAL_CHOICES = [("true", _("Unusual only")), ("false", _("Usual only"))]


class SessionFilterSet(django_filters.FilterSet):
    """Filter sessions by who, where, what and when, and by a free search."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Session id, username, IP address, city, country or service."),
    )
    user = django_filters.CharFilter(
        label=_("User"),
        method="filter_user",
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Username, email address or numeric user id."),
    )
    service = django_filters.CharFilter(
        label=_("Service"),
        field_name="service",
        lookup_expr="iexact",
        max_length=TEXT_MAX_LENGTH,
    )
    continent = django_filters.ChoiceFilter(
        label=_("Continent"),
        field_name="continent_code",
        choices=CONTINENT_CHOICES,
        empty_label=_("Any continent"),
    )
    country = django_filters.CharFilter(
        label=_("Country"),
        method="filter_country",
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Name or two-letter ISO code, such as Sweden or SE."),
    )
    os = django_filters.CharFilter(
        label=_("OS"),
        field_name="os_family",
        lookup_expr="iexact",
        max_length=TEXT_MAX_LENGTH,
        help_text=_("OS family, such as Windows, Mac OS X or Android."),
    )
    ip = IPNetworkFilter(
        label=_("IP address or network"),
        max_length=TEXT_MAX_LENGTH,
        help_text=_("An address, or a network in CIDR form, IPv4 or IPv6."),
    )
    created_from = DayStartFilter(label=_("Created from"), field_name="created_at")
    created_to = DayEndFilter(label=_("Created to"), field_name="created_at")
    updated_from = DayStartFilter(label=_("Updated from"), field_name="updated_at")
    # Saving a session moves its update time to the present, so it is never earlier
    # than the creation time.
    updated_to = DayEndFilter(
        label=_("Updated to"), field_name="updated_at", earlier_field="created_at"
    )
    unusual = django_filters.ChoiceFilter(
        label=_("Unusual access"),
        method="filter_unusual",
        choices=UNUSUAL_CHOICES,
        empty_label=_("Any session"),
    )
    reason = django_filters.ChoiceFilter(
        label=_("Unusual reason"),
        method="filter_reason",
        choices=UnusualReason.choices,
        empty_label=_("Any reason"),
    )

    class Meta:
        model = Session
        fields = []
        form = SessionFilterForm

    def filter_search(self, queryset, name, value):
        return queryset.filter(match_search(value))

    def filter_user(self, queryset, name, value):
        users = get_user_model().objects.filter(match_user(value))
        return queryset.filter(match_users(users))

    def filter_country(self, queryset, name, value):
        return queryset.filter(match_country(value))

    def filter_unusual(self, queryset, name, value):
        if value == "true":
            return queryset.unusual()
        return queryset.filter(is_unusual=False)

    def filter_reason(self, queryset, name, value):
        return queryset.with_reason(value)
