"""Bulk matching from the command line: assign every learner who still needs mentors at once."""
import json

from django.core.management.base import BaseCommand

from mentor_xblock.services.programme import match_course


class Command(BaseCommand):
    help = (
        "Match all learners of a course who still need mentors to the mentor pool (optimal: most placed, "
        "then most shared interests, then balanced loads). Capacity is re-checked as each pair is made."
    )

    def add_arguments(self, parser):
        parser.add_argument("--course", required=True, help="course key, e.g. course-v1:Org+Course+Run")
        parser.add_argument("--preview", action="store_true", help="show the proposal without assigning anyone")
        parser.add_argument("--json", action="store_true", help="print the full report as JSON")

    def handle(self, *args, **options):
        report = match_course(options["course"], preview=options["preview"], by="")
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
            return
        verb = "would place" if report.preview else "placed"
        self.stdout.write(
            f"{report.learners} learners need mentors, {report.mentors} active mentors: {verb} {report.placed}, "
            f"{report.unplaced_count} left over, {len(report.lost)} lost a race."
        )
        for row in report.assignments:
            self.stdout.write(f"  {row['username'] or row['learner_id']} -> {row['mentor']}")
        for row in report.unplaced:
            self.stdout.write(f"  left over: {row['username'] or row['learner_id']} ({row['missing']} missing): {row['reason']}")
        for row in report.lost:
            self.stdout.write(f"  lost: {row['username'] or row['learner_id']} -> {row['mentor']}: {row['why']}")
        style = self.style.WARNING if report.preview else self.style.SUCCESS
        self.stdout.write(style("Preview only: nothing was assigned." if report.preview else "Done."))
