"""Every page names the console's favicon, so browsers do not ask for /favicon.ico."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ICON_LINK = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_page_links_the_favicon(url):
    response = Client().get(url)

    assert response.status_code == 200
    assert ICON_LINK in response.content.decode()


def test_favicon_is_served_as_svg():
    response = Client().get("/static/favicon.svg")

    content = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')
