"""Load demo data for the workbench (idempotent). Mentor pool data joins when the programme lands."""
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load Mentor XBlock demo data into the development database (safe to run twice)."

    def handle(self, *args, **options):
        from mentor_xblock.dev.demo import load_demo_data

        summary = load_demo_data()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {summary}"))
