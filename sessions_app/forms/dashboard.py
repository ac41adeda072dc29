"""The period form of the dashboard: a preset number of days, or two dates."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sessions_app.forms.fields import ISODateField

PRESET_DAYS = {"7": 7, "30": 30, "90": 90}
DEFAULT_PRESET = "30"

# Maximum custom period, in days, because a year of daily bars is still readable.
MAX_PERIOD_DAYS = 366

# Earliest date accepted, far before any recorded session and safe in every time zone.
MIN_DATE = date(1970, 1, 2)


class DashboardPeriodForm(forms.Form):
    """Choose the days the dashboard covers: a preset ending today, or two dates."""

    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            ("7", _("Last 7 days")),
            ("30", _("Last 30 days")),
            ("90", _("Last 90 days")),
        ],
    )
    start = ISODateField(
        label=_("From"),
        required=False,
        help_text=_("Dates, when given, replace the preset period."),
    )
    end = ISODateField(label=_("To"), required=False)

    def __init__(self, data=None, **kwargs):
        if data is not None and not data.get("period"):
            data = data.copy()
            data["period"] = DEFAULT_PRESET
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        if self.errors:
            return cleaned_data

        if start is None and end is None:
            end = timezone.localdate()
            start = end - timedelta(days=PRESET_DAYS[cleaned_data["period"]] - 1)
        else:
            self.check_dates(start, end)

        cleaned_data["date_range"] = (start, end)
        return cleaned_data

    def check_dates(self, start, end):
        """Raise ``ValidationError`` unless the two dates make a usable period."""
        if start is None or end is None:
            raise forms.ValidationError(
                _("Enter both dates, or neither to use the preset period.")
            )
        if start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        if start < MIN_DATE:
            raise forms.ValidationError(
                _("Enter dates from %(date)s onwards.") % {"date": MIN_DATE.isoformat()}
            )
        if end > timezone.localdate():
            raise forms.ValidationError(_("The end date is in the future."))
        if (end - start).days + 1 > MAX_PERIOD_DAYS:
            raise forms.ValidationError(
                _("Choose a period of at most %(days)s days.")
                % {"days": MAX_PERIOD_DAYS}
            )

    def date_range(self):
        """Return the first and last day of a valid form's period, inclusive."""
        return self.cleaned_data["date_range"]
