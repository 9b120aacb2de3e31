"""Send the mentoring mail that is due: digests, batched immediate mail, and retries.

Run it from cron or a Tutor job, e.g. every 15 minutes:
    ./manage.py lms mentor_send_digests
It is idempotent: re-run, run twice at once, or crashed half-way, no one gets an item twice or
loses one (each row is claimed by one sender; services/notifications.py explains how).
"""
from django.core.management.base import BaseCommand

from mentor_xblock.models import Notification
from mentor_xblock.services.notifications import purge_old, send_due


class Command(BaseCommand):
    help = "Send the Mentor XBlock notifications that are due (digests, batches, retries)."

    def add_arguments(self, parser):
        parser.add_argument("--course", help="only this course key")
        parser.add_argument(
            "--retry-failed", action="store_true",
            help="give mail that failed MAX_ATTEMPTS times (e.g. while the mail server was down) another try",
        )

    def handle(self, *args, **options):
        if options["retry_failed"]:
            failed = Notification.objects.filter(state=Notification.FAILED, attempts__gt=0)
            if options["course"]:
                failed = failed.filter(course_key=options["course"])
            failed.update(state=Notification.PENDING, attempts=0)
        report = send_due(options["course"])
        self.stdout.write(f"{report['mails']} mails sent ({report['items']} items); {report['failed']} failed and will be retried.")
        purged = purge_old()  # every sending run deletes a batch; this deletes them all
        if purged:
            self.stdout.write(f"{purged} sent or failed notifications older than the retention period were deleted.")
