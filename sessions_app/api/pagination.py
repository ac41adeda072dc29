"""Cursor pagination of the read API, newest session first."""

import re

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from sessions_app.conf import console_settings

# DRF encodes cursors in standard base64; its decoder would skip other characters.
BASE64_PATTERN = re.compile(r"[A-Za-z0-9+/]+={0,2}")


class SessionCursorPagination(CursorPagination):
    """Page through sessions by creation time, stable while new ones arrive."""

    ordering = ("-created_at", "-id")
    page_size_query_param = "page_size"
    invalid_page_size_message = _("Enter a whole number from 1 to {maximum}.")

    def get_page_size(self, request):
        maximum = console_settings.API_MAX_PAGE_SIZE
        text = request.query_params.get(self.page_size_query_param)
        if text is None:
            return min(console_settings.API_PAGE_SIZE, maximum)
        if not text.isdecimal() or not 1 <= int(text) <= maximum:
            message = self.invalid_page_size_message.format(maximum=maximum)
            raise ValidationError({self.page_size_query_param: [message]})
        return int(text)

    def decode_cursor(self, request):
        """Decode the cursor; raise a 400 that names it when it is malformed."""
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is not None and not BASE64_PATTERN.fullmatch(encoded):
            self.reject_cursor()
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            self.reject_cursor()
        if cursor and cursor.position is not None and not is_datetime(cursor.position):
            self.reject_cursor()
        return cursor

    def reject_cursor(self):
        raise ValidationError({self.cursor_query_param: [_("Invalid cursor.")]})


def is_datetime(text):
    """Return whether a cursor position is a date and time, as ordering needs."""
    try:
        return parse_datetime(text) is not None
    except ValueError:
        return False
