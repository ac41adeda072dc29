import datetime
from zoneinfo import ZoneInfo

import pytest

from sessions_app.export import export_filename, format_cell, neutralise_formula


@pytest.mark.parametrize(
    "text, expected",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("São Paulo", "São Paulo"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise_formula(text, expected):
    assert neutralise_formula(text) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, ""),
        (-122.3149, "-122.3149"),
        (76, "76"),
        ("-x", "'-x"),
        (
            datetime.datetime(2024, 6, 1, 12, 0, 0, 999, tzinfo=datetime.UTC),
            "2024-06-01T14:00:00+02:00",
        ),
    ],
)
def test_format_cell(value, expected):
    assert format_cell(value, ZoneInfo("Europe/Stockholm")) == expected


def test_export_filename():
    assert export_filename(datetime.date(2024, 3, 9)) == "sessions-2024-03-09.csv"
