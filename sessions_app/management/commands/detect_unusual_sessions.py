"""Compute the unusual reasons of the stored sessions, with a progress bar."""

import argparse

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from sessions_app.models import Session
from sessions_app.services.unusual_backfill import backfill_unusual_reasons
from sessions_app.services.unusual_rules import Thresholds

MAX_BATCH_SIZE = 10_000


def batch_size(value):
    """Parse ``--batch-size``: a whole number from 1 to ``MAX_BATCH_SIZE``."""
    try:
        size = int(value)
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_BATCH_SIZE:
        raise argparse.ArgumentTypeError(
            _("%(value)r is not a whole number from 1 to %(max)s.")
            % {"value": value, "max": MAX_BATCH_SIZE}
        )
    return size


class ProgressOutput:
    """Pass tqdm's output to a command's stream without the line ending Django adds."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text):
        self.stream.write(text, ending="")

    def flush(self):
        self.stream.flush()


class Command(BaseCommand):
    help = _(
        "Compute why stored sessions are unusual, user by user in time order, in "
        "short batches that are safe to run while the console serves. Users get no "
        "email unless --email is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=batch_size,
            default=500,
            help=_("Sessions read and written per transaction (default: 500)."),
        )
        parser.add_argument(
            "--email",
            action="store_true",
            help=_(
                "Email the users of sessions that this run newly finds unusual; "
                "a session that already had its email gets none."
            ),
        )

    def handle(self, *args, batch_size, email, verbosity, **options):
        try:
            thresholds = Thresholds.from_settings()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error

        with tqdm(
            total=Session.objects.count(),
            unit=_("session"),
            file=ProgressOutput(self.stderr),
            disable=verbosity == 0,
        ) as progress:
            result = backfill_unusual_reasons(
                thresholds=thresholds,
                batch_size=batch_size,
                send_email=email,
                progress=progress.update,
            )

        self.stdout.write(
            _(
                "Checked %(checked)s sessions: %(changed)s changed, %(newly)s newly "
                "unusual, %(emailed)s emails sent."
            )
            % {
                "checked": result.checked,
                "changed": result.changed,
                "newly": result.newly_unusual,
                "emailed": result.emailed,
            }
        )
