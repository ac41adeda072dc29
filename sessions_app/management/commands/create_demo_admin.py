"""Create (or reset) the demo administrator and print its credentials."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sessions_app.conf import console_settings


class Command(BaseCommand):
    help = _(
        "Create a superuser for trying the console, or give the existing one a new "
        "random password, and print the credentials."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default="admin", help=_("Username (default: admin).")
        )
        parser.add_argument(
            "--url",
            help=_(
                "Address of the console to print, such as http://127.0.0.1:8077/ "
                "(default: the CONSOLE_BASE_URL setting)."
            ),
        )

    def handle(self, *args, username, url, **options):
        password = secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()

        action = _("Created") if created else _("Reset the password of")
        self.stdout.write(self.style.SUCCESS(f"{action} the administrator account."))
        url = (url or console_settings.BASE_URL).rstrip("/") + "/"
        self.stdout.write(_("Sign in at %(url)s with") % {"url": url})
        self.stdout.write(f"  {_('username')}: {username}")
        self.stdout.write(f"  {_('password')}: {password}")
