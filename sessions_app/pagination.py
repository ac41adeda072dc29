"""Pagination that never counts a whole large table on a page view."""

import json
import logging
import math

from django.core.paginator import Paginator
from django.db import DatabaseError, connections
from django.utils.functional import cached_property

logger = logging.getLogger(__name__)

# Up to this many matches are counted exactly; past it the count is an estimate.
EXACT_COUNT_LIMIT = 10_000


def estimate_count(queryset):
    """Return the planner's row estimate of a queryset on PostgreSQL, else None."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None

    sql, params = queryset.order_by().query.get_compiler(queryset.db).as_sql()
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
    except DatabaseError:
        logger.exception("Count estimate failed")
        return None

    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """Count matches exactly up to ``EXACT_COUNT_LIMIT`` and estimate beyond it.

    With ``max_rows``, only the pages within the first ``max_rows`` matches exist, so
    no page costs an OFFSET that reads more rows than that.
    """

    def __init__(self, *args, max_rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_rows = max_rows

    @cached_property
    def num_pages(self):
        pages = super().num_pages
        if self.max_rows is None:
            return pages
        return min(pages, max(1, math.ceil(self.max_rows / self.per_page)))

    @cached_property
    def count(self):
        # Ordering changes nothing in a count but can force a sort of every match.
        bounded = self.object_list.order_by()[: EXACT_COUNT_LIMIT + 1].count()
        if bounded <= EXACT_COUNT_LIMIT:
            self.count_is_estimate = False
            return bounded

        self.count_is_estimate = True
        estimate = estimate_count(self.object_list) or 0
        return max(estimate, bounded)
