import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

CASE_INSENSITIVE_INDEXES = {
    "session_service_upper_idx",
    "session_country_upper_idx",
    "session_os_upper_idx",
    "session_city_upper_idx",
}


def session_index_names():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, "sessions_app_session"
        )
    return {name for name, details in constraints.items() if details["index"]}


def test_list_sorts_have_indexes():
    assert {"session_updated_idx", "session_os_idx"} <= session_index_names()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's UPPER()")
def test_postgresql_indexes_case_insensitive_filters():
    assert CASE_INSENSITIVE_INDEXES <= session_index_names()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="checks SQLite")
def test_sqlite_has_no_case_insensitive_indexes():
    assert not CASE_INSENSITIVE_INDEXES & session_index_names()
