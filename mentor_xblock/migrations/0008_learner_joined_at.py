"""LearnerProfile.joined_at: joining the programme is an action; learners known only from
their work are counted in reports but not matched. Existing profiles were all created by
joining (a visit), so they are marked joined when they were created."""
from django.db import migrations, models
from django.db.models import F


def mark_existing_joined(apps, schema_editor):
    LearnerProfile = apps.get_model("mentor_xblock", "LearnerProfile")
    LearnerProfile.objects.filter(joined_at__isnull=True).update(joined_at=F("created_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("mentor_xblock", "0007_programme_blocks"),
    ]

    operations = [
        migrations.AddField(
            model_name="learnerprofile",
            name="joined_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(mark_existing_joined, migrations.RunPython.noop),
    ]
