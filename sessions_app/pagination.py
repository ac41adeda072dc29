"""Pagination that never counts a whole large table on a page view."""

import json
import logging
import math
from dataclasses import dataclass

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


def unordered(queryset):
    """Return a queryset without its order, unless it is sliced and needs it.

    Any rows will do for a bounded count, and without an order the database can stop
    at the limit instead of sorting every match first.
    """
    if queryset.query.is_sliced:
        return queryset
    return queryset.order_by()


def parse_page_number(value):
    """Return the page number that request input names, 1 unless a positive integer."""
    try:
        number = int(str(value).strip())
    except ValueError:
        return 1
    return max(number, 1)


@dataclass(frozen=True)
class MatchCount:
    """How many objects a paginator has, and how sure that number is."""

    value: int
    is_estimate: bool = False
    is_lower_bound: bool = False


class EstimatedCountPaginator(Paginator):
    """Count matches exactly up to ``EXACT_COUNT_LIMIT`` and estimate beyond it.

    ``count_queryset`` is what gets counted when the object list is not a queryset
    itself, such as the rows of a table built on that queryset.

    Past the limit, ``count`` is the planner's estimate on PostgreSQL. Where there is no
    estimate, or the estimate is lower than what was counted, it is ``limit + 1`` and
    ``count_is_lower_bound`` is true, so the last page is the limit's last page.

    With ``max_rows``, only the pages within the first ``max_rows`` matches exist, so
    no page costs an OFFSET that reads more rows than that.
    """

    exact_count_limit = EXACT_COUNT_LIMIT

    def __init__(
        self, object_list, per_page, *args, count_queryset=None, max_rows=None, **kwargs
    ):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_queryset = object_list if count_queryset is None else count_queryset
        self.max_rows = max_rows

    @cached_property
    def num_pages(self):
        pages = super().num_pages
        if self.max_rows is None:
            return pages
        return min(pages, max(1, math.ceil(self.max_rows / self.per_page)))

    @property
    def has_unpaged_matches(self):
        """Whether some matches lie past the last page that ``max_rows`` allows."""
        return self.max_rows is not None and self.count > self.max_rows

    @cached_property
    def match_count(self):
        """Count up to the limit, then ask the planner for an estimate."""
        bounded = unordered(self.count_queryset)[: self.exact_count_limit + 1].count()
        if bounded <= self.exact_count_limit:
            return MatchCount(bounded)

        estimate = estimate_count(self.count_queryset) or 0
        return MatchCount(
            max(estimate, bounded), is_estimate=True, is_lower_bound=estimate <= bounded
        )

    @property
    def count(self):
        return self.match_count.value

    @property
    def count_is_estimate(self):
        return self.match_count.is_estimate

    @property
    def count_is_lower_bound(self):
        return self.match_count.is_lower_bound

    def page(self, number):
        """Return a page, never cut short by an estimated count."""
        if not self.count_is_estimate:
            return super().page(number)

        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        return self._get_page(self.object_list[bottom:top], number, self)

    def get_page(self, number):
        """Return the page that request input names, falling back instead of raising.

        Input that is not a positive integer gives the first page and a number past
        the end the last page. An estimated count may promise more pages than there
        are, so an empty page past the real end leads to one exact count and the real
        last page.
        """
        number = min(parse_page_number(number), self.num_pages)
        page = self.page(number)
        if number == 1 or len(page) > 0 or not self.count_is_estimate:
            return page

        self.recount_exactly()
        return self.page(self.num_pages)

    def recount_exactly(self):
        """Replace an estimated count with the exact one."""
        self.match_count = MatchCount(self.count_queryset.count())
        self.__dict__.pop("num_pages", None)
