"""Run the project under gunicorn on a free loopback port, for one measurement."""

import http.client
import logging
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"
START_TIMEOUT_SECONDS = 30


class ServerError(Exception):
    """The server failed to start or stopped responding."""


def free_port():
    """Return a TCP port on the loopback interface that nothing listens on."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class GunicornServer:
    """Start gunicorn with the project's WSGI application; stop it on exit.

    The server inherits this process's environment, so it uses the same settings
    and database.
    """

    def __init__(self, *, workers=2, ready_path="/accounts/login/"):
        self.workers = workers
        self.ready_path = ready_path
        self.port = free_port()
        self.process = None

    def __enter__(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "console.wsgi:application",
            f"--bind={HOST}:{self.port}",
            f"--workers={self.workers}",
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(  # noqa: S603 -- fixed arguments
            command, cwd=Path(settings.BASE_DIR), stdin=subprocess.DEVNULL
        )
        try:
            self.wait_until_ready()
        except ServerError:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def request(self, method, path, body=None, headers=None):
        """Send one request on a new connection; return the status and body."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def wait_until_ready(self):
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(
                    f"gunicorn exited with code {self.process.returncode}"
                )
            try:
                status, _ = self.request("GET", self.ready_path)
            except OSError:
                time.sleep(0.2)
                continue
            if status == 200:
                return
            raise ServerError(f"{self.ready_path} returned status {status}")
        raise ServerError(f"gunicorn did not respond within {START_TIMEOUT_SECONDS} s")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            logger.warning("gunicorn did not stop in 10 s; killing it")
            self.process.kill()
            self.process.wait()
