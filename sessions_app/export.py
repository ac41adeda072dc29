"""The CSV export of a session list, streamed so that its size does not matter.

The file is UTF-8 with a byte-order mark, so spreadsheet programs read names such as
Zürich correctly, and its timestamps are ISO 8601 with their UTC offset. Text that comes
from outside (user agents, cities, usernames) is neutralised where a spreadsheet would
read it as a formula. On PostgreSQL, COPY formats and writes the rows
(``sessions_app.export_copy``), several times faster than Python, byte for byte alike.
"""

import csv
import datetime
import logging

from django.db import connections
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sessions_app.export_copy import copy_rows

logger = logging.getLogger(__name__)

# Each exported field with its column header, in column order.
EXPORT_COLUMNS = (
    ("session_id", _("Session id")),
    ("user__username", _("Username")),
    ("user__email", _("Email")),
    ("service", _("Service")),
    ("os_family", _("OS family")),
    ("os_version", _("OS version")),
    ("browser_family", _("Browser family")),
    ("ip_address", _("IP address")),
    ("continent", _("Continent")),
    ("country_code", _("Country code")),
    ("country", _("Country")),
    ("city", _("City")),
    ("latitude", _("Latitude")),
    ("longitude", _("Longitude")),
    ("accuracy_radius", _("Accuracy radius (km)")),
    ("created_at", _("Created at")),
    ("updated_at", _("Updated at")),
    ("ended_at", _("Ended at")),
    ("user_agent", _("User agent")),
)

BYTE_ORDER_MARK = "\ufeff"

# Rows fetched from the database per round trip, and rows sent per chunk of output.
FETCH_SIZE = 2000
ROWS_PER_CHUNK = 500

# Spreadsheet programs start a formula at a cell that begins with one of these.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text):
    """Return text that a spreadsheet shows as text, quoting a leading formula sign."""
    if text.startswith(FORMULA_PREFIXES):
        return f"'{text}"
    return text


def format_cell(value, zone):
    """Return the CSV text of one value, with datetimes in ``zone``.

    Only text is neutralised: numbers and timestamps are written by this module, and a
    negative coordinate such as ``-0.0931`` must stay a number.
    """
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value, zone).isoformat(timespec="seconds")
    if isinstance(value, str):
        return neutralise_formula(value)
    return str(value)


def export_filename(today):
    """Return the download name of an export made on ``today``."""
    return f"sessions-{today:%Y-%m-%d}.csv"


class Echo:
    """A file-like object whose ``write`` returns what it is given, for csv.writer."""

    def write(self, value):
        return value


class SessionExport:
    """One CSV export of a session queryset, logged once its stream ends.

    ``filters`` describes the request's filters for the log. The current time zone and
    the header texts are read when the export is created, because the response body is
    produced after the view has returned.
    """

    def __init__(self, queryset, *, user, filters):
        self.queryset = queryset
        self.user = user
        self.filters = filters
        self.zone = timezone.get_current_timezone()
        self.header = [str(label) for _name, label in EXPORT_COLUMNS]
        self.row_count = 0

    def rows(self):
        """Yield the cells of each session, reading the database in chunks."""
        field_names = [name for name, _label in EXPORT_COLUMNS]
        records = self.queryset.values_list(*field_names)
        for record in records.iterator(chunk_size=FETCH_SIZE):
            self.row_count += 1
            yield [format_cell(value, self.zone) for value in record]

    def lines(self):
        """Yield the CSV text in chunks: the byte-order mark and header first."""
        writer = csv.writer(Echo())
        yield BYTE_ORDER_MARK + writer.writerow(self.header)
        if self.copy_zone_name():
            yield from self.copied_lines()
        else:
            yield from self.written_lines(writer)

    def copy_zone_name(self):
        """Return the name of the time zone for PostgreSQL's COPY, or None where the
        rows are written in Python: on other databases, and for a time zone without
        an IANA name."""
        if connections[self.queryset.db].vendor != "postgresql":
            return None
        return getattr(self.zone, "key", None)

    def copied_lines(self):
        """Yield CSV rows that PostgreSQL formats and writes with COPY."""
        field_names = [name for name, _label in EXPORT_COLUMNS]
        chunks = copy_rows(
            self.queryset,
            field_names,
            zone_name=self.copy_zone_name(),
            formula_prefixes=FORMULA_PREFIXES,
        )
        for row_count, data in chunks:
            self.row_count += row_count
            yield data

    def written_lines(self, writer):
        """Yield CSV rows that Python formats and writes, in chunks."""
        chunk = []
        for row in self.rows():
            chunk.append(writer.writerow(row))
            if len(chunk) == ROWS_PER_CHUNK:
                yield "".join(chunk)
                chunk = []
        yield "".join(chunk)

    def stream(self):
        """Yield the CSV text and log the export when it ends or stops."""
        try:
            yield from self.lines()
        except GeneratorExit:
            self.log("stopped by the client")
            raise
        except Exception:
            logger.exception(
                "Session export failed after %d rows for user %s (id %s)",
                self.row_count,
                self.user.get_username(),
                self.user.pk,
            )
            raise
        self.log("finished")

    def log(self, outcome):
        logger.info(
            "Session export %s: %d rows for user %s (id %s), filters %s",
            outcome,
            self.row_count,
            self.user.get_username(),
            self.user.pk,
            self.filters,
        )

    def response(self):
        """Return a streaming response that downloads the export."""
        filename = export_filename(timezone.localdate(timezone=self.zone))
        return StreamingHttpResponse(
            self.stream(),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
