import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def create_demo_admin(**options):
    """Run the command; return the username and password it printed."""
    stdout = StringIO()
    call_command("create_demo_admin", stdout=stdout, **options)
    output = stdout.getvalue()
    username = re.search(r"^  username: (\S+)$", output, re.MULTILINE).group(1)
    password = re.search(r"^  password: (\S+)$", output, re.MULTILINE).group(1)
    return username, password


def test_printed_credentials_authenticate():
    username, password = create_demo_admin()

    user = authenticate(username=username, password=password)

    assert username == "admin"
    assert user is not None
    assert user.is_superuser
    assert user.is_staff


def test_printed_credentials_sign_in(client):
    username, password = create_demo_admin(username="demo")

    response = client.post(
        reverse("login"), {"username": username, "password": password}
    )

    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_second_run_replaces_password():
    _, old_password = create_demo_admin()

    username, new_password = create_demo_admin()

    assert new_password != old_password
    assert authenticate(username=username, password=old_password) is None
    assert authenticate(username=username, password=new_password) is not None


def sign_in_line(**options):
    stdout = StringIO()
    call_command("create_demo_admin", stdout=stdout, **options)
    return next(line for line in stdout.getvalue().splitlines() if "Sign in" in line)


def test_prints_the_given_url():
    assert sign_in_line(url="http://127.0.0.1:8077") == (
        "Sign in at http://127.0.0.1:8077/ with"
    )


def test_prints_the_base_url_by_default(settings):
    settings.CONSOLE_BASE_URL = "https://console.example.org/"

    assert sign_in_line() == "Sign in at https://console.example.org/ with"
