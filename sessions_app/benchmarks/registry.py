"""The registry of measurements: each is a function of a ``BenchContext``."""

from dataclasses import dataclass

MEASUREMENTS = {}


@dataclass(frozen=True)
class Measurement:
    """A named measurement and its group in the table."""

    name: str
    group: str
    function: object


@dataclass
class BenchContext:
    """The input of every measurement: the dataset shape, the number of timed runs
    and where progress lines go."""

    shape: object
    repeat: int = 5
    write: object = print


def measurement(name, *, group):
    """Register the decorated function as the measurement ``name``."""

    def register(function):
        MEASUREMENTS[name] = Measurement(name, group, function)
        return function

    return register


def run_measurement(entry, context):
    """Run one measurement and return its rows."""
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
