"""Checks and set-up of the PostgreSQL database the benchmark writes to."""

import logging

import psycopg
from django.core.management.base import CommandError
from django.db import connection
from psycopg import sql

logger = logging.getLogger(__name__)

# The loader replaces every session, so it only runs on a database named for it.
REQUIRED_NAME_PART = "bench"


def check_benchmark_database():
    """Raise ``CommandError`` unless the default database is a PostgreSQL bench one."""
    if connection.vendor != "postgresql":
        raise CommandError(
            "The benchmark needs PostgreSQL: set DATABASE_URL to "
            "postgres://USER@HOST:PORT/NAME (the Makefile's bench target does)."
        )
    name = connection.settings_dict["NAME"]
    if REQUIRED_NAME_PART not in name:
        raise CommandError(
            f"The benchmark replaces every session in its database, so the database "
            f"name must contain {REQUIRED_NAME_PART!r}; {name!r} does not."
        )


def create_database_if_missing():
    """Create the configured database when the server does not have it yet."""
    settings = connection.settings_dict
    parameters = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**parameters) as admin_connection:
        found = admin_connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]
        ).fetchone()
        if found:
            return False
        admin_connection.execute(
            sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings["NAME"]))
        )
    logger.info("Created database %s", settings["NAME"])
    return True


def describe_server():
    """Return the PostgreSQL version and the settings that shape the figures."""
    names = ["shared_buffers", "work_mem", "effective_cache_size", "jit"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        (version,) = cursor.fetchone()
        cursor.execute(
            "SELECT name, setting || coalesce(unit, '') FROM pg_settings "
            "WHERE name = ANY(%s)",
            [names],
        )
        return {"version": version, **dict(cursor.fetchall())}
