"""Fill the database with realistic demo sessions."""

import argparse

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from sessions_app.models import Session
from sessions_app.services.demo_data import (
    DemoDataError,
    create_demo_sessions,
    max_demo_users,
)

DEFAULT_COUNT = 3000
DEFAULT_USERS = 150


def positive_int(value):
    """Parse a command-line integer of at least 1."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(
            _("%(value)r is not a positive whole number.") % {"value": value}
        )
    return number


class Command(BaseCommand):
    help = _(
        "Add realistic demo sessions: real public addresses from the geolocation "
        "database, real user agents, many users and services over about six months. "
        "Users are reused by username, so running it again only adds sessions."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count",
            type=positive_int,
            default=DEFAULT_COUNT,
            help=_("Number of sessions to add (default: %(default)s)."),
        )
        parser.add_argument(
            "--users",
            type=positive_int,
            default=DEFAULT_USERS,
            help=_("Number of demo people to spread them over (default: %(default)s)."),
        )
        parser.add_argument(
            "--seed",
            type=int,
            help=_("Seed for a reproducible run (default: a new one each time)."),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Add nothing when the database already has sessions."),
        )

    def handle(self, *args, count, users, seed, if_empty, verbosity, **options):
        if if_empty and Session.objects.exists():
            self.stdout.write(_("Sessions exist already; no demo sessions added."))
            return
        if users > max_demo_users():
            raise CommandError(
                _("--users can be at most %(max)d.") % {"max": max_demo_users()}
            )

        with tqdm(
            total=count, unit=_("session"), disable=verbosity < 1, leave=False
        ) as progress_bar:
            try:
                created = create_demo_sessions(
                    count, users, seed=seed, on_progress=progress_bar.update
                )
            except DemoDataError as error:
                raise CommandError(str(error)) from error

        self.stdout.write(
            self.style.SUCCESS(_("Added %(count)d demo sessions.") % {"count": created})
        )
