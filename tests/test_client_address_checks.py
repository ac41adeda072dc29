"""System checks of the client address and API settings."""

from sessions_app.checks import check_api_rate_limit, check_client_address_settings


def test_valid_settings_pass(settings):
    settings.CONSOLE_TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/32"]
    settings.CONSOLE_CLIENT_ADDRESS_HEADER = "forwarded"
    settings.CONSOLE_API_RATE_LIMIT = "20/second"

    assert check_client_address_settings() == []
    assert check_api_rate_limit() == []


def test_invalid_proxy_network_is_an_error(settings):
    settings.CONSOLE_TRUSTED_PROXIES = ["10.0.0.0/8", "10.0.0.300/24"]

    [error] = check_client_address_settings()

    assert error.id == "sessions_app.E003"
    assert (
        error.msg == "CONSOLE_TRUSTED_PROXIES has an invalid network: '10.0.0.300/24'"
    )


def test_unsupported_header_is_an_error(settings):
    settings.CONSOLE_CLIENT_ADDRESS_HEADER = "X-Real-IP"

    [error] = check_client_address_settings()

    assert error.id == "sessions_app.E004"


def test_invalid_rate_is_an_error(settings):
    settings.CONSOLE_API_RATE_LIMIT = "fast"

    [error] = check_api_rate_limit()

    assert error.id == "sessions_app.E005"
    assert error.msg == "CONSOLE_API_RATE_LIMIT is 'fast', not a rate."
