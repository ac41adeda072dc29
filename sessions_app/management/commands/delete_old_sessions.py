"""Delete the sessions created more than N days ago, in batches."""

from django.utils.translation import gettext_lazy as _

from sessions_app.management.retention import RetentionCommand
from sessions_app.services.retention import (
    count_sessions_before,
    delete_sessions_before,
)


class Command(RetentionCommand):
    help = _(
        "Delete the sessions created more than --days days ago, in short batches "
        "that can run while the console serves."
    )
    dry_run_message = _("Would delete %(count)d sessions created before %(cutoff)s.")
    done_message = _("Deleted %(count)d sessions created before %(cutoff)s.")

    def count_sessions(self, cutoff):
        return count_sessions_before(cutoff)

    def process_sessions(self, cutoff, **options):
        return delete_sessions_before(cutoff, **options)
