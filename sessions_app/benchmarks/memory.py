"""Peak resident memory of this process while a block of code runs."""

import os
import threading

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.005


def resident_bytes():
    """Return the resident set size of this process, read from ``/proc``."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE


class PeakMemory:
    """Sample the resident memory in a thread and keep the highest value.

    ``growth_mb`` is the peak minus the memory at the start: what the block needed on
    top of what the process already held. A peak shorter than the sampling interval
    can be missed, so the figure is a lower bound.
    """

    def __enter__(self):
        self.start = self.peak = resident_bytes()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join()
        self.peak = max(self.peak, resident_bytes())

    def sample(self):
        while not self.stopped.wait(SAMPLE_SECONDS):
            self.peak = max(self.peak, resident_bytes())

    @property
    def growth_mb(self):
        return (self.peak - self.start) / 2**20

    @property
    def peak_mb(self):
        return self.peak / 2**20
