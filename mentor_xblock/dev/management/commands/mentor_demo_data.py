"""Load demo data for the workbench (idempotent): the demo mentor pool and the demo blocks' settings."""
from django.core.management.base import BaseCommand

from ...demo import load_demo_data


class Command(BaseCommand):
    help = "Load Mentor XBlock demo data into the development database (safe to run twice)."

    def handle(self, *args, **options):
        summary = load_demo_data()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {summary}"))
