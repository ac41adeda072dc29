"""The commands that ``make run`` runs, read from a dry run of make."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def dry_run(*arguments, **environment):
    """Return the commands that ``make run`` would run, one per line."""
    env = {
        name: value for name, value in os.environ.items() if name != "CONSOLE_BASE_URL"
    }
    env.update(environment)
    result = subprocess.run(  # noqa: S603 -- the test's own arguments
        [MAKE, "--dry-run", "run", *arguments],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def test_run_prints_the_address_it_serves():
    commands = dry_run("PORT=8077")

    assert ".venv/bin/python manage.py runserver 127.0.0.1:8077" in commands
    assert (
        '.venv/bin/python manage.py create_demo_admin --url "http://127.0.0.1:8077"'
        in commands
    )


def test_run_keeps_a_configured_base_url():
    commands = dry_run(CONSOLE_BASE_URL="https://console.example.org")

    assert (
        ".venv/bin/python manage.py create_demo_admin "
        '--url "https://console.example.org"' in commands
    )
