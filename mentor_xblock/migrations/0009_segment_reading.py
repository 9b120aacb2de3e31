"""SegmentProgress reading fields: where the author allows it, reading the transcript
completes a segment, credited by the server against the wall clock of reading reports."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("mentor_xblock", "0008_learner_joined_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="segmentprogress",
            name="read_ms",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="segmentprogress",
            name="first_read_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="segmentprogress",
            name="last_read_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
