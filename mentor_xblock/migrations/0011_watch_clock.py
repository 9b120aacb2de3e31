"""WatchClock: one clock per learner and course across all segments (services/progress.py), so
credited watch time across a course never exceeds 2 × the wall clock since the learner's first
report there, and reading time never exceeds the time since their first reading report.

Existing progress starts its course's clock: the earliest first report and the sum of what each
segment credited, so the rule holds for what was credited before this migration too."""
from django.db import migrations, models

BATCH = 1000


def start_clocks(apps, schema_editor):
    progress = apps.get_model("mentor_xblock", "SegmentProgress")
    clock = apps.get_model("mentor_xblock", "WatchClock")
    clocks: dict[tuple[str, str], dict] = {}
    rows = progress.objects.order_by().values_list(
        "course_key", "learner_id", "first_report_at", "watched_seconds", "first_read_at", "read_ms"
    )
    for course_key, learner_id, first_report_at, watched_seconds, first_read_at, read_ms in rows.iterator(BATCH):
        found = clocks.setdefault((course_key, learner_id), {"first_report_at": first_report_at, "credited_ms": 0,
                                                             "first_read_at": None, "read_ms": 0})
        found["first_report_at"] = min(found["first_report_at"], first_report_at)
        found["credited_ms"] += round(watched_seconds * 1000)  # stored as whole milliseconds (core/intervals.py)
        if first_read_at is not None:
            found["first_read_at"] = min(filter(None, (found["first_read_at"], first_read_at)))
        found["read_ms"] += read_ms
    clock.objects.bulk_create(
        (clock(course_key=course_key, learner_id=learner_id, **values) for (course_key, learner_id), values in clocks.items()),
        batch_size=BATCH,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("mentor_xblock", "0010_notifications_and_moderation"),
    ]

    operations = [
        migrations.CreateModel(
            name="WatchClock",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("course_key", models.CharField(max_length=255)),
                ("learner_id", models.CharField(max_length=64)),
                ("first_report_at", models.DateTimeField()),
                ("credited_ms", models.BigIntegerField(default=0)),
                ("first_read_at", models.DateTimeField(blank=True, null=True)),
                ("read_ms", models.BigIntegerField(default=0)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("course_key", "learner_id"), name="mentor_watch_clock_one_row")],
            },
        ),
        migrations.RunPython(start_clocks, migrations.RunPython.noop, elidable=True),
    ]
