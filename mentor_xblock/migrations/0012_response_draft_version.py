"""Response.draft_version: draft saves carry the version they edit, and a stale one is refused
(409 with the newer text) instead of overwriting a newer draft from another device."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("mentor_xblock", "0011_watch_clock"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="draft_version",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
