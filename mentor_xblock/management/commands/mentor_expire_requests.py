"""Expire the mentor requests past their time: the safety net for a lost Celery task (each request's
expiry is scheduled with an eta when it is made; services/programme/requests.py)."""
from django.core.management.base import BaseCommand

from mentor_xblock.services.programme import expire_due


class Command(BaseCommand):
    help = "Expire Mentor XBlock mentor requests whose request_expiry_days have passed (idempotent)."

    def handle(self, *args, **options):
        total = 0
        while True:  # expire_due works in batches of 1,000
            expired = expire_due()
            total += expired
            if expired < 1000:
                break
        self.stdout.write(f"{total} request(s) expired")
