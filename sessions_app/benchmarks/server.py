"""Run the project under gunicorn on a free loopback port, for one measurement."""

import http.client
import logging
import os
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

    def __init__(
        self,
        *,
        workers=2,
        threads=1,
        ready_path="/accounts/login/",
        environment=None,
        log_path=None,
    ):
        self.workers = workers
        self.threads = threads
        self.ready_path = ready_path
        self.environment = {**os.environ, **(environment or {})}
        self.log_path = log_path
        self.port = free_port()
        self.process = None
        self.log_file = None

    def __enter__(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "console.wsgi:application",
            f"--bind={HOST}:{self.port}",
            f"--workers={self.workers}",
            # Threaded workers keep connections alive between requests.
            "--worker-class=gthread",
            f"--threads={self.threads}",
            "--log-level=warning",
        ]
        if self.log_path:
            Path(self.log_path).parent.mkdir(parents=True, exist_ok=True)
            self.log_file = open(self.log_path, "ab")  # noqa: SIM115 -- closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 -- fixed arguments
            command,
            cwd=Path(settings.BASE_DIR),
            env=self.environment,
            stdin=subprocess.DEVNULL,
            stdout=self.log_file,
            stderr=self.log_file,
        )
        try:
            self.wait_until_ready()
        except ServerError:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def connect(self):
        """Return a new HTTP connection to the server, kept alive between requests."""
        return http.client.HTTPConnection(HOST, self.port, timeout=30)

    def request(self, method, path, body=None, headers=None):
        """Send one request on a new connection; return the status and body."""
        connection = self.connect()
        try:
            return send(connection, method, path, body, headers)
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
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                logger.warning("gunicorn did not stop in 10 s; killing it")
                self.process.kill()
                self.process.wait()
        if self.log_file is not None:
            self.log_file.close()
            self.log_file = None


def send(connection, method, path, body=None, headers=None):
    """Send one request on an open connection; return the status and body."""
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    return response.status, response.read()
