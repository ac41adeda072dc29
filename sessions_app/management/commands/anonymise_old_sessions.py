"""Anonymise the sessions created more than N days ago, in batches."""

from django.utils.translation import gettext_lazy as _

from sessions_app.management.retention import RetentionCommand
from sessions_app.services.retention import (
    anonymise_sessions_before,
    count_sessions_before,
)


class Command(RetentionCommand):
    help = _(
        "Replace the IP address of sessions created more than --days days ago by its "
        "network (IPv4 /24, IPv6 /48) and clear their city and coordinates, keeping "
        "the country. Sessions already anonymised are left alone."
    )
    dry_run_message = _("Would anonymise %(count)d sessions created before %(cutoff)s.")
    done_message = _("Anonymised %(count)d sessions created before %(cutoff)s.")

    def count_sessions(self, cutoff):
        return count_sessions_before(cutoff, anonymised=False)

    def process_sessions(self, cutoff, **options):
        return anonymise_sessions_before(cutoff, **options)
