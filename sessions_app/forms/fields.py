"""Form fields shared by the console's filter and period forms."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

# The one form of a date that a browser's date input submits and can show.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ISODateField(forms.DateField):
    """A date field that accepts a date written YYYY-MM-DD and nothing else.

    Django's ``DateField`` also accepts forms such as 12/31/2025 or 2026-1-5. A
    browser's date input cannot show those, so a page would apply a date that its
    field shows as empty.
    """

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    input_formats = ["%Y-%m-%d"]
    default_error_messages = {
        "invalid": _("Enter a date as YYYY-MM-DD, such as 2026-01-05."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            if value and not ISO_DATE.fullmatch(value):
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid"
                )
        return super().to_python(value)
