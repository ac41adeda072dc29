"""Indexes of the staff session list's sorts, filters and search."""

from django.db import migrations, models

TABLE = "sessions_app_session"

# PostgreSQL ignores case by comparing UPPER() of both sides, and the search matches
# service and city by prefix with LIKE, which a B-tree index serves under every
# collation only with the text_pattern_ops operator class. The INCLUDE column lets
# the list count matches from the index alone: PostgreSQL reads the index rather than
# the table only when it holds every column that the query names. SQLite ignores case
# through LIKE, which no index serves, so these indexes exist on PostgreSQL only.
POSTGRESQL_INDEXES = {
    "session_service_upper_idx": (
        '((UPPER("service")) text_pattern_ops, "created_at" DESC) INCLUDE ("service")'
    ),
    "session_country_upper_idx": (
        '((UPPER("country")), "created_at" DESC) INCLUDE ("country")'
    ),
    "session_os_upper_idx": (
        '((UPPER("os_family")), "created_at" DESC) INCLUDE ("os_family")'
    ),
    "session_city_upper_idx": '((UPPER("city")) text_pattern_ops)',
}


def create_postgresql_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in POSTGRESQL_INDEXES.items():
        schema_editor.execute(f'CREATE INDEX "{name}" ON "{TABLE}" {columns}')


def drop_postgresql_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in POSTGRESQL_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ("sessions_app", "0006_session_continent_idx"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="session",
            index=models.Index(fields=["updated_at", "id"], name="session_updated_idx"),
        ),
        migrations.AddIndex(
            model_name="session",
            index=models.Index(
                fields=["os_family", "os_version", "id"], name="session_os_idx"
            ),
        ),
        migrations.RunPython(create_postgresql_indexes, drop_postgresql_indexes),
    ]
