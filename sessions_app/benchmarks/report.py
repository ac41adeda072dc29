"""Print the benchmark table and write it as JSON."""

import json
import os
import platform
from dataclasses import asdict
from pathlib import Path

COLUMNS = ("measurement", "console", "baseline", "ratio", "target", "met")


def format_number(value, unit):
    """Return a figure as people read it: ``12.3 ms``, ``41,200 rows/s``."""
    if value is None:
        return "-"
    if unit == "ms" or unit == "MB":
        return f"{value:,.1f} {unit}"
    return f"{value:,.0f} {unit}"


def table_row(result):
    """Return the cells of one result."""
    baseline = format_number(result.baseline, result.unit)
    if result.baseline is not None and result.baseline_name:
        baseline = f"{baseline} ({result.baseline_name})"
    ratio = f"{result.ratio:.2f}x" if result.ratio is not None else ""
    met = {True: "yes", False: "NO", None: ""}[result.met]
    console = format_number(result.value, result.unit)
    if result.value is None:
        console = result.note
    return (
        f"{result.group}: {result.name}",
        console,
        baseline,
        ratio,
        result.target,
        met,
    )


def format_table(results):
    """Return the results as an aligned text table."""
    rows = [COLUMNS, *(table_row(result) for result in results)]
    widths = [max(len(row[index]) for row in rows) for index in range(len(COLUMNS))]
    lines = []
    for number, row in enumerate(rows):
        lines.append(
            "  ".join(
                cell.ljust(width) for cell, width in zip(row, widths, strict=True)
            )
        )
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def describe_machine():
    """Return the processor count, memory and Python version of this machine."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(memory / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def write_json(path, *, results, load, shape, server):
    """Write the results with what they were measured on to ``path``."""
    document = {
        "machine": describe_machine(),
        "server": server,
        "dataset": asdict(shape),
        "load": load,
        "results": [{**asdict(result), "ratio": result.ratio} for result in results],
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")
