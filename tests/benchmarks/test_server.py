import pytest

from sessions_app.benchmarks.server import GunicornServer, ServerError


def test_gunicorn_serves_the_project_on_loopback():
    with GunicornServer(workers=1) as server:
        status, body = server.request("GET", "/accounts/login/")
        process = server.process

    assert status == 200
    assert b"csrfmiddlewaretoken" in body
    assert process.poll() is not None


def test_gunicorn_bad_ready_page_fails():
    with pytest.raises(ServerError, match="/no/such/page/ returned status 404"):
        with GunicornServer(workers=1, ready_path="/no/such/page/"):
            pass
