from sessions_app.checks import check_unusual_settings


def test_default_unusual_settings_pass():
    assert check_unusual_settings() == []


def test_invalid_unusual_setting_is_an_error(settings):
    settings.CONSOLE_UNUSUAL_COUNTRY_WINDOW = "a day"

    errors = check_unusual_settings()

    assert [error.id for error in errors] == ["sessions_app.E002"]
    assert errors[0].msg == (
        "CONSOLE_UNUSUAL_COUNTRY_WINDOW must be a timedelta or a number of seconds "
        "above zero, not 'a day'."
    )
