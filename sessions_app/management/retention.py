"""The base of the retention commands: their arguments, checks and progress bar."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

# A longer pause between batches would make a run outlast the night it runs in.
MAX_PAUSE_SECONDS = 60


class RetentionCommand(BaseCommand):
    """A command that acts on the sessions created more than ``--days`` days ago.

    Subclasses set the two messages and implement ``count_sessions`` and
    ``process_sessions``.
    """

    dry_run_message = ""
    done_message = ""

    def count_sessions(self, cutoff):
        """Return how many sessions created before ``cutoff`` a run would change."""
        raise NotImplementedError

    def process_sessions(self, cutoff, *, batch_size, pause, progress):
        """Change the sessions created before ``cutoff``; return how many changed."""
        raise NotImplementedError

    def handle(self, *args, days, batch_size, pause, dry_run, verbosity, **options):
        cutoff = self.get_cutoff(days, batch_size, pause)
        total = self.count_sessions(cutoff)
        if dry_run:
            self.report(self.dry_run_message, total, cutoff)
            return

        with self.progress_bar(total, verbosity) as progress:
            changed = self.process_sessions(
                cutoff, batch_size=batch_size, pause=pause, progress=progress
            )
        self.report(self.done_message, changed, cutoff)

    def report(self, message, count, cutoff):
        self.stdout.write(message % {"count": count, "cutoff": cutoff.isoformat()})

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            required=True,
            help=_("Act on sessions created more than this many days ago (1 or more)."),
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=1000,
            help=_("Sessions changed per transaction (default: 1000)."),
        )
        parser.add_argument(
            "--pause",
            type=float,
            default=0.0,
            help=_(
                "Seconds to wait between batches, to leave the database room "
                "(default: 0)."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Only count the sessions that would change."),
        )

    def get_cutoff(self, days, batch_size, pause):
        """Check the arguments and return the creation time before which to act."""
        if days < 1:
            raise CommandError(
                _("--days must be 1 or more, not %(days)d.") % {"days": days}
            )
        if batch_size < 1:
            raise CommandError(
                _("--batch-size must be 1 or more, not %(size)d.")
                % {"size": batch_size}
            )
        if not 0 <= pause <= MAX_PAUSE_SECONDS:
            raise CommandError(
                _("--pause must be from 0 to %(max)d seconds, not %(pause)s.")
                % {"max": MAX_PAUSE_SECONDS, "pause": pause}
            )
        try:
            return timezone.now() - timedelta(days=days)
        except OverflowError as error:
            raise CommandError(
                _("--days %(days)d reaches before the year 1.") % {"days": days}
            ) from error

    def progress_bar(self, total, verbosity):
        """Return a progress bar on standard error, hidden at verbosity 0."""
        return tqdm(total=total, unit=_("session"), disable=verbosity == 0)
