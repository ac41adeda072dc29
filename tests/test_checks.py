import pytest

from sessions_app.checks import check_activity_interval


@pytest.mark.parametrize("interval", [0, 300, 2.5])
def test_activity_interval_accepts_seconds(interval, settings):
    settings.CONSOLE_ACTIVITY_INTERVAL = interval

    assert check_activity_interval() == []


@pytest.mark.parametrize("interval", [-1, "300", None, True])
def test_activity_interval_rejects_other_values(interval, settings):
    settings.CONSOLE_ACTIVITY_INTERVAL = interval

    errors = check_activity_interval()

    assert [error.id for error in errors] == ["sessions_app.E001"]
    assert errors[0].msg == (
        f"CONSOLE_ACTIVITY_INTERVAL is {interval!r}, not a number of seconds."
    )
