"""A safety net for the mentoring mail: queue the reminders that are owed (services/reminders.py) and
send what is due now (or, with --now, everything waiting).

Nothing needs to run this on a schedule: every item is sent by a Celery task that was scheduled,
with an `eta`, when the item was queued (services/notifications.py; docs/platform.md "Mail"). Run
it after the broker was down, to send the workbench's batched and digest mail at once (--now), or
with --retry-failed after the mail server was down:
    ./manage.py lms mentor_send_digests [--now] [--retry-failed] [--course KEY]
It is idempotent: re-run, run twice at once, or crashed half-way, no one gets an item twice or
loses one (each row is claimed by one sender).
"""
from django.core.management.base import BaseCommand

from mentor_xblock.models import Notification
from mentor_xblock.services.notifications import purge_old, send_due, waiting
from mentor_xblock.services import checkin_mail
from mentor_xblock.services.reminders import catch_up


class Command(BaseCommand):
    help = "Send the Mentor XBlock notifications that are due (--now: everything waiting); say what still waits."

    def add_arguments(self, parser):
        parser.add_argument("--course", help="only this course key")
        parser.add_argument("--now", action="store_true",
                            help="send every waiting item now, batched and digest items too, whenever they are due")
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
        # Reminders whose Celery task was lost (a broker outage) are queued first; a repeat queues nothing.
        owed = catch_up(options["course"])
        owed["check-ins"] = checkin_mail.catch_up(options["course"])
        if any(owed.values()):
            self.stdout.write(f"{owed['overdue']} overdue reminders, {owed['nudges']} nudges and {owed['check-ins']} "
                              "check-in notices queued.")
        report = send_due(options["course"], everything=options["now"])
        left = waiting(options["course"])
        self.stdout.write(f"{report['mails']} mails sent ({report['items']} items); {report['failed']} failed and will be retried.")
        if left["items"]:
            self.stdout.write(f"{left['items']} items wait; the next is due at {left['next_due'].isoformat()} "
                              "(a Celery task is scheduled for it; --now sends them all now).")
        else:
            self.stdout.write("Nothing is waiting.")
        purged = purge_old()  # every sending run deletes a batch; this deletes them all
        if purged:
            self.stdout.write(f"{purged} sent or failed notifications older than the retention period were deleted.")
