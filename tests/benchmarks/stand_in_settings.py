"""Settings of a server that serves the stand-in pages."""

from tests.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.stand_in_urls"
