import datetime

import pytest
from django.urls import reverse

from sessions_app.models import Session
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def detail_url(session):
    return reverse("sessions_app:session_detail", args=[session.session_id])


@pytest.fixture
def session():
    """A session in Linköping, created and updated at known times."""
    user = UserFactory(username="ada", email="ada@example.org")
    created = SessionFactory(
        user=user,
        service="Wiki",
        ip_address="89.160.20.1",
        created_at=datetime.datetime(2024, 3, 10, 8, 30, 5, tzinfo=datetime.UTC),
    )
    Session.objects.filter(pk=created.pk).update(
        updated_at=datetime.datetime(2024, 3, 11, 9, 0, 0, tzinfo=datetime.UTC)
    )
    return created


@pytest.mark.parametrize(
    "expected",
    [
        "<h1>Wiki session of ada</h1>",
        '<dt>User</dt><dd>ada <span class="muted">&lt;ada@example.org&gt;</span>',
        "<dt>Created at</dt><dd>2024-03-10 08:30:05 UTC</dd>",
        "<dt>Updated at</dt><dd>2024-03-11 09:00:00 UTC</dd>",
        '<dt>Ended at</dt><dd><span class="muted">Not ended</span></dd>',
        "<dt>IP address</dt><dd><code>89.160.20.1</code></dd>",
        '<dt>Continent</dt><dd>Europe <span class="country-code">EU</span></dd>',
        '<dt>Country</dt><dd>Sweden <span class="country-code">SE</span></dd>',
        "<dt>City</dt><dd>Linköping</dd>",
        "<dt>Coordinates</dt><dd>58.4167, 15.6167</dd>",
        "<dt>Accuracy radius</dt><dd>76 km</dd>",
        "<dt>OS family</dt><dd>Windows</dd>",
        "<dt>OS version</dt><dd>10</dd>",
        "<dt>Browser family</dt><dd>Chrome</dd>",
        '<pre class="user-agent">Mozilla/5.0 (Windows NT 10.0; Win64; x64) '
        "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36</pre>",
    ],
)
def test_detail_shows_field(viewer_client, session, expected):
    response = viewer_client.get(detail_url(session))

    assert response.status_code == 200
    assert expected in response.content.decode()


def test_detail_shows_session_id(viewer_client, session):
    response = viewer_client.get(detail_url(session))

    assert f"<dd><code>{session.session_id}</code></dd>" in response.content.decode()


def test_detail_shows_ended_session(viewer_client, session):
    Session.objects.filter(pk=session.pk).update(
        ended_at=datetime.datetime(2024, 3, 12, 7, 0, tzinfo=datetime.UTC)
    )

    content = viewer_client.get(detail_url(session)).content.decode()

    assert "<dt>Ended at</dt><dd>2024-03-12 07:00:00 UTC</dd>" in content
    assert '<span class="badge badge-muted">Ended</span>' in content


def test_detail_escapes_user_agent(viewer_client):
    session = SessionFactory(user_agent='<script>alert("x")</script> Firefox/1')

    content = viewer_client.get(detail_url(session)).content.decode()

    assert "<script>alert" not in content
    assert (
        '<pre class="user-agent">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; '
        "Firefox/1</pre>" in content
    )


def test_detail_of_unlocated_session_shows_dashes(viewer_client):
    session = SessionFactory(ip_address=None, user_agent="")

    content = viewer_client.get(detail_url(session)).content.decode()

    assert "<dt>IP address</dt><dd><code>—</code></dd>" in content
    assert "<dt>Coordinates</dt><dd>—</dd>" in content
    assert "<dt>User agent</dt><dd>—</dd>" in content


def test_detail_links_to_list_of_the_user(viewer_client, session):
    content = viewer_client.get(detail_url(session)).content.decode()

    assert '<a class="button" href="/sessions/?user=ada">All sessions of ada</a>' in (
        content
    )


def test_detail_link_to_list_encodes_username(viewer_client):
    session = SessionFactory(user=UserFactory(username="a+b@c"))

    content = viewer_client.get(detail_url(session)).content.decode()

    assert 'href="/sessions/?user=a%2Bb%40c"' in content


def test_detail_lists_ten_recent_sessions(viewer_client, session):
    start = datetime.datetime(2024, 4, 1, tzinfo=datetime.UTC)
    others = [
        SessionFactory(
            user=session.user,
            service=f"Other {index}",
            created_at=start + datetime.timedelta(hours=index),
        )
        for index in range(12)
    ]
    SessionFactory(service="Someone else")

    response = viewer_client.get(detail_url(session))
    recent = response.context["recent_sessions"]

    assert [other.pk for other in recent] == [other.pk for other in others[:1:-1]]
    assert "Someone else" not in response.content.decode()
    assert f'href="{detail_url(others[11])}"' in response.content.decode()


def test_detail_without_other_sessions_says_so(viewer_client, session):
    content = viewer_client.get(detail_url(session)).content.decode()

    assert "This user has no other sessions." in content


@pytest.mark.parametrize("session_id", ["unknown", "x" * 43, "%00", "a b", "<script>"])
def test_unknown_session_id_is_not_found(without_nul_guard, viewer_client, session_id):
    response = viewer_client.get(f"/sessions/{session_id}/")

    assert response.status_code == 404


def test_detail_queries_do_not_grow_with_recent_sessions(
    viewer_client, session, django_assert_max_num_queries
):
    for _index in range(15):
        SessionFactory(user=session.user)

    # Django session, user, the middleware's session check, two permission queries,
    # then the page's own queries.
    with django_assert_max_num_queries(7):
        response = viewer_client.get(detail_url(session))

    assert len(response.context["recent_sessions"]) == 10


@pytest.mark.parametrize("session_id", ["unknown", "%00", "ab%00cd"])
def test_not_found_message_is_the_same_for_every_id(
    without_nul_guard, settings, viewer_client, session_id
):
    # The debug 404 page of a development server shows the message of the 404.
    settings.DEBUG = True

    response = viewer_client.get(f"/sessions/{session_id}/")

    assert response.status_code == 404
    assert "No session has this id." in response.content.decode()
