"""The registry of measurements: each is a function of a ``BenchContext``.

A measurement declares the URLs it needs; while one of them does not resolve, the
harness reports it as not measured instead of calling it.
"""

import logging
from dataclasses import dataclass, field

from django.urls import Resolver404, resolve

from .results import not_measured

logger = logging.getLogger(__name__)

MEASUREMENTS = {}


@dataclass(frozen=True)
class Measurement:
    """A named measurement, its group in the table, and the URLs it needs."""

    name: str
    group: str
    function: object
    required_urls: tuple = ()


@dataclass
class BenchContext:
    """The input of every measurement: the dataset shape, options and an output."""

    shape: object
    repeat: int = 5
    write: object = print
    options: dict = field(default_factory=dict)


def measurement(name, *, group, requires=()):
    """Register the decorated function as the measurement ``name``."""

    def register(function):
        MEASUREMENTS[name] = Measurement(name, group, function, tuple(requires))
        return function

    return register


def missing_urls(entry):
    """Return the URLs a measurement needs that the project does not serve."""
    missing = []
    for url in entry.required_urls:
        try:
            resolve(url)
        except Resolver404:
            missing.append(url)
    return missing


def run_measurement(entry, context):
    """Run one measurement and return its rows, or a not-measured row."""
    missing = missing_urls(entry)
    if missing:
        reason = f"{', '.join(missing)} not available"
        context.write(f"{entry.name}: not measured: {reason}")
        return [not_measured(entry.group, entry.name, reason)]

    context.write(f"{entry.name}: measuring")
    return list(entry.function(context))


def run_measurements(context, names):
    """Run the named measurements in the given order and return all their rows."""
    unknown = set(names) - set(MEASUREMENTS)
    if unknown:
        raise KeyError(", ".join(sorted(unknown)))

    results = []
    for name in names:
        results.extend(run_measurement(MEASUREMENTS[name], context))
    return results
