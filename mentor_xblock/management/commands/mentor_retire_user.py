"""Delete what Mentor XBlock holds about a user, by their anonymous user id(s)."""
from django.core.management.base import BaseCommand

from mentor_xblock.services.retirement import retire


class Command(BaseCommand):
    help = ("Delete a user's Mentor XBlock data (progress, responses, replies, flags, profiles, assignments, mail) "
            "and their names and ids wherever others' rows hold them.")

    def add_arguments(self, parser):
        parser.add_argument("anonymous_ids", nargs="+", help="the user's anonymous user id(s), one per course")
        parser.add_argument("--name", action="append", default=[], dest="names",
                            help="a name they went by (username, full name), replaced where others' text mentions it; "
                                 "repeat for each")

    def handle(self, *args, **options):
        counts = retire(options["anonymous_ids"], names=options["names"])
        self.stdout.write(", ".join(f"{table}: {n}" for table, n in counts.items()) or "nothing to delete")
