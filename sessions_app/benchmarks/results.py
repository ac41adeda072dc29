"""The common timing helper and the row format every measurement reports in."""

import statistics
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds of repeated runs of the same work."""

    runs: tuple

    @property
    def median(self):
        return statistics.median(self.runs)

    @property
    def best(self):
        return min(self.runs)


def time_call(function, *, repeat=5, warmup=1):
    """Run ``function`` ``warmup`` times untimed, then ``repeat`` times timed."""
    for _ in range(warmup):
        function()

    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return Timing(tuple(runs))


@dataclass
class Result:
    """One row of the benchmark table.

    ``value`` is the console's figure and ``baseline`` the figure of what it is
    compared with (its own SQL, COPY, the raw library calls), both in ``unit``.
    ``value`` is None when the measurement did not run, and ``note`` then gives the
    reason.
    """

    group: str
    name: str
    value: float | None
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""
    met: bool | None = None
    note: str = ""
    plans: list = field(default_factory=list)

    @property
    def ratio(self):
        """The console's figure divided by the baseline, when both exist."""
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline


def not_measured(group, name, reason):
    """Return the row of a measurement that could not run, with the reason."""
    return Result(group, name, None, "", note=f"not measured: {reason}")
