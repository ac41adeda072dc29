"""Create an API token and print it, the only time it is shown."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sessions_app.models import ServiceToken
from sessions_app.services.service_tokens import issue_service_token


class Command(BaseCommand):
    help = _(
        "Create an API token for a service (or, with --staff, a read-only staff "
        "token) and print it. Only its hash is stored, so copy it now."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--service", default="", help=_("The service whose sessions it records.")
        )
        parser.add_argument(
            "--name", default="", help=_("Who or what uses it (default: the service).")
        )
        parser.add_argument(
            "--staff",
            action="store_true",
            help=_("Create a staff token, which reads every session instead."),
        )

    def handle(self, *args, service, name, staff, **options):
        kind = ServiceToken.Kind.STAFF if staff else ServiceToken.Kind.SERVICE
        name = name or service or _("staff")
        try:
            token, plain_token = issue_service_token(
                name=name, service=service, kind=kind
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

        # The token alone goes to stdout, so that scripts can capture it.
        self.stderr.write(
            _("Created %(kind)s token “%(name)s”. Copy it now; it is not shown again:")
            % {"kind": token.kind, "name": token.name}
        )
        self.stdout.write(plain_token)
