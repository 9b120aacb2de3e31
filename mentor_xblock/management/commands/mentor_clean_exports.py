"""Delete old CSV export files (and their job rows): run it daily, e.g. from cron."""
from django.core.management.base import BaseCommand

from mentor_xblock.services.export_jobs import cleanup


class Command(BaseCommand):
    help = "Delete Mentor XBlock export files older than MENTOR_EXPORT_RETENTION_DAYS (default 7) or --days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="delete exports older than this many days")

    def handle(self, *args, **options):
        total = 0
        while True:  # cleanup works in batches of 1,000
            deleted = cleanup(days=options["days"])
            total += deleted
            if deleted < 1000:
                break
        self.stdout.write(f"{total} export(s) deleted")
