"""Users with each level of access to the staff pages."""

import pytest
from django.contrib.auth.models import Permission

from tests.factories import UserFactory

VIEW = "view_session"
EXPORT = "export_session"


def create_user(username, *, is_staff=False, is_superuser=False, permissions=()):
    """Create a user holding the given ``sessions_app`` permissions."""
    user = UserFactory(username=username, is_staff=is_staff, is_superuser=is_superuser)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="sessions_app", codename__in=permissions
        )
    )
    return user


@pytest.fixture
def viewer():
    """A staff member who may view sessions but not export them."""
    return create_user("viewer", is_staff=True, permissions=[VIEW])


@pytest.fixture
def exporter():
    """A staff member who may view and export sessions."""
    return create_user("exporter", is_staff=True, permissions=[VIEW, EXPORT])


@pytest.fixture
def viewer_client(client, viewer):
    """A test client signed in as ``viewer``."""
    return signed_in(client, viewer)


@pytest.fixture
def exporter_client(client, exporter):
    """A test client signed in as ``exporter``."""
    return signed_in(client, exporter)


def signed_in(client, user):
    """Sign ``client`` in as ``user`` and make one request.

    The first request of a browser links its Django session to the recorded session,
    so query counts measured afterwards are those of every later request.
    """
    client.force_login(user)
    client.get("/")
    return client
