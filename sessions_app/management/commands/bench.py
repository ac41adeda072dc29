"""Load a large dataset into PostgreSQL and measure the console against it."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sessions_app.benchmarks import measurements
from sessions_app.benchmarks.database import (
    check_benchmark_database,
    create_database_if_missing,
    describe_server,
)
from sessions_app.benchmarks.loader import DatasetShape, load_sessions
from sessions_app.benchmarks.registry import BenchContext, run_measurements
from sessions_app.benchmarks.report import format_table, write_json


def positive_int(text):
    """Parse a command-line count that must be at least 1."""
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = _(
        "Load N sessions into PostgreSQL by COPY (reused when the table already has "
        "N), measure the console against the database's own figures, print a table "
        "and write it as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sessions",
            type=positive_int,
            default=1_000_000,
            help=_("Number of sessions to load (default: 1000000)."),
        )
        parser.add_argument(
            "--reload",
            action="store_true",
            help=_("Load the sessions again even when the table already has N."),
        )
        parser.add_argument(
            "--output",
            default="build/bench.json",
            help=_("Path of the JSON report (default: build/bench.json)."),
        )
        parser.add_argument(
            "--only",
            action="append",
            choices=sorted(measurements.NAMES),
            help=_("Run only this measurement; repeat for more (default: all)."),
        )
        parser.add_argument(
            "--repeat",
            type=positive_int,
            default=5,
            help=_("Timed runs of each page or query; the median counts (default: 5)."),
        )
        parser.add_argument(
            "--load-only",
            action="store_true",
            help=_("Load the sessions and stop, without measuring."),
        )

    def handle(self, *args, **options):
        check_benchmark_database()
        if create_database_if_missing():
            self.stdout.write(_("Created the benchmark database."))
        call_command("migrate", verbosity=0, interactive=False)

        shape = DatasetShape(sessions=options["sessions"])
        load = self.load(shape, options)
        if options["load_only"]:
            return

        context = BenchContext(
            shape=shape,
            repeat=options["repeat"],
            write=self.stdout.write,
        )
        chosen = options["only"] or measurements.NAMES
        names = [name for name in measurements.NAMES if name in chosen]
        results = run_measurements(context, names)

        self.stdout.write("\n" + format_table(results))
        self.print_plans(results)
        write_json(
            options["output"],
            results=results,
            load=load,
            shape=shape,
            server=describe_server(),
        )
        self.stdout.write(_("Wrote %(path)s") % {"path": options["output"]})

    def load(self, shape, options):
        """Load or reuse the sessions, print the load rate and return its figures."""
        started = time.perf_counter()
        report = load_sessions(
            shape, reload=options["reload"], progress=options["verbosity"] > 0
        )
        if report.reused:
            self.stdout.write(
                _("Reusing %(rows)d sessions already loaded (--reload loads again).")
                % {"rows": report.rows}
            )
        else:
            self.stdout.write(
                _("Loaded %(rows)d sessions in %(seconds).1f s: %(rate)d rows/s.")
                % {
                    "rows": report.rows,
                    "seconds": report.seconds,
                    "rate": report.rows_per_second,
                }
            )
        return {
            "rows": report.rows,
            "reused": report.reused,
            "seconds": round(time.perf_counter() - started, 2),
            "rows_per_second": report.rows_per_second,
        }

    def print_plans(self, results):
        """Print the EXPLAIN (ANALYZE, BUFFERS) plan of each list query measured."""
        for result in results:
            for title, plan in result.plans:
                self.stdout.write(f"\n=== {result.group}: {result.name}: {title}")
                self.stdout.write(plan)
