"""System checks of the client address settings."""

from sessions_app.checks import check_client_address_settings


def test_valid_settings_pass(settings):
    settings.CONSOLE_TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/32"]
    settings.CONSOLE_CLIENT_ADDRESS_HEADER = "forwarded"

    assert check_client_address_settings() == []


def test_invalid_proxy_network_is_an_error(settings):
    settings.CONSOLE_TRUSTED_PROXIES = ["10.0.0.0/8", "10.0.0.300/24"]

    [error] = check_client_address_settings()

    assert error.id == "sessions_app.E002"
    assert (
        error.msg == "CONSOLE_TRUSTED_PROXIES has an invalid network: '10.0.0.300/24'"
    )


def test_unsupported_header_is_an_error(settings):
    settings.CONSOLE_CLIENT_ADDRESS_HEADER = "X-Real-IP"

    [error] = check_client_address_settings()

    assert error.id == "sessions_app.E003"
