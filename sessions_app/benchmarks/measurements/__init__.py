"""The benchmark's measurements; importing this package registers them in order."""

from sessions_app.benchmarks.measurements import (  # noqa: F401
    admin,
    console_list,
    enrichment,
    export,
    ingest,
)
from sessions_app.benchmarks.registry import MEASUREMENTS

# The order of the table: the console's own pages first, the admin last.
NAMES = ["list", "export", "enrichment", "ingest", "admin", "admin-baseline"]

assert set(NAMES) == set(MEASUREMENTS), "every registered measurement has a place"
