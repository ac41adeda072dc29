"""The CSV rows of an export written by PostgreSQL: COPY ... TO STDOUT WITH CSV.

Each cell is formatted in SQL as ``sessions_app.export`` formats it in Python, and
COPY quotes it as Python's csv writer does, so both ways write the same bytes. The SQL
writes timestamps in ISO 8601 with the offset of the current time zone, neutralises
formula signs, gives floats a decimal point and turns empty text into an empty,
unquoted field. COPY sends one message per row ending in a line feed, which becomes
the csv writer's CR LF.
"""

import itertools

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import Func, TextField

# Rows joined into one chunk of the response.
ROWS_PER_CHUNK = 2000


class NeutralisedText(Func):
    """Text as ``neutralise_formula`` writes it, quoting a leading formula sign, one
    of ``prefixes``; NULL for empty text, which COPY writes as an empty field where
    it would quote an empty string.

    ASCII() returns the code of the first character: comparing numbers costs far less
    per row than taking the first character as text and comparing that.
    """

    output_field = TextField()

    def __init__(self, expression, *, prefixes):
        codes = ", ".join(str(ord(prefix)) for prefix in sorted(prefixes))
        super().__init__(
            expression,
            template=(
                f"CASE WHEN ASCII(%(expressions)s) IN ({codes}) "
                "THEN '''' || %(expressions)s "
                "ELSE NULLIF(%(expressions)s, '') END"
            ),
        )


class HostText(Func):
    """The address of an ``inet`` value without its prefix length."""

    function = "HOST"
    output_field = TextField()


class IsoTimestamp(Func):
    """A timestamp in ISO 8601 to the second, in the session's time zone with its
    offset, as ``datetime.isoformat(timespec="seconds")`` writes it.

    NOTE: an offset with seconds, such as local mean time before 1900, loses them.
    """

    output_field = TextField()
    template = "TO_CHAR(%(expressions)s, 'YYYY-MM-DD\"T\"HH24:MI:SSTZH:TZM')"


class FloatText(Func):
    """A float as Python's ``str`` writes it, with ``.0`` on whole numbers.

    Both write the shortest text that reads back as the same float. They switch to an
    exponent at different sizes from 1e15 on, far above any coordinate.
    """

    output_field = TextField()
    template = (
        "CASE WHEN %(expressions)s = TRUNC(%(expressions)s) "
        "THEN %(expressions)s::text || '.0' ELSE %(expressions)s::text END"
    )


def cell_expression(field, lookup, formula_prefixes):
    """Return the SQL expression of one export column, by the type of its field."""
    kind = field.get_internal_type()
    if kind == "GenericIPAddressField":
        # An address starts with a hex digit or a colon, never with a formula sign.
        return HostText(lookup)
    if kind in ("CharField", "TextField", "EmailField"):
        return NeutralisedText(lookup, prefixes=formula_prefixes)
    if kind == "DateTimeField":
        return IsoTimestamp(lookup)
    if kind == "FloatField":
        return FloatText(lookup)
    return Func(lookup, template="%(expressions)s")


def resolve_field(model, lookup):
    """Return the model field that a lookup such as ``user__username`` names."""
    *relations, name = lookup.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def copy_statement(queryset, lookups, formula_prefixes):
    """Return the COPY statement and parameters that write the queryset's rows."""
    cells = {
        f"cell_{number}": cell_expression(
            resolve_field(queryset.model, lookup), lookup, formula_prefixes
        )
        for number, lookup in enumerate(lookups)
    }
    rows = queryset.annotate(**cells).values_list(*cells)
    sql, params = rows.query.get_compiler(queryset.db).as_sql()
    return f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params


def join_rows(rows):
    """Return COPY rows, each ending in a line feed, as CSV text with CR LF line ends.

    A line feed inside a quoted value stays as it is, as Python's csv writer leaves
    it. Most chunks have none, and one replacement over the whole chunk costs far
    less than cutting every row.
    """
    data = b"".join(rows)
    if data.count(b"\n") == len(rows):
        return data.replace(b"\n", b"\r\n")
    return b"".join(bytes(row[:-1]) + b"\r\n" for row in rows)


def copy_rows(queryset, lookups, *, zone_name, formula_prefixes):
    """Yield the CSV rows of the queryset's lookups in chunks, as pairs of a row count
    and bytes, with timestamps in the time zone ``zone_name`` and text that starts
    with one of ``formula_prefixes`` neutralised."""
    try:
        statement, params = copy_statement(queryset, lookups, formula_prefixes)
    except EmptyResultSet:
        # Django raises this, without a query, where nothing can match: no listed ids.
        return
    connection = connections[queryset.db]
    with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
        cursor.execute("SHOW TimeZone")
        (previous_zone,) = cursor.fetchone()
        # TO_CHAR writes times in the session's time zone. set_config(..., true)
        # changes it until the transaction ends; a failure rolls the change back.
        cursor.execute("SELECT set_config('TimeZone', %s, true)", [zone_name])
        with cursor.cursor.copy(statement, params) as copy:
            yield from chunk_rows(copy)
        # Inside an outer transaction the zone would stay, and Django reads every
        # timestamp as UTC.
        cursor.execute("SELECT set_config('TimeZone', %s, true)", [previous_zone])


def chunk_rows(copy):
    """Yield the rows of a COPY TO in chunks, as pairs of a row count and bytes."""
    rows = iter(copy)
    while chunk := list(itertools.islice(rows, ROWS_PER_CHUNK)):
        yield len(chunk), join_rows(chunk)
