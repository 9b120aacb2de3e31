"""ChangeRequest.block_key and answer_seen_at: the programme team's answer to a change request is
shown in the block where the learner asked, until they dismiss it or for two weeks (issue 23)."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("mentor_xblock", "0012_response_draft_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="changerequest",
            name="block_key",
            field=models.CharField(blank=True, default="", max_length=255),
        ),
        migrations.AddField(
            model_name="changerequest",
            name="answer_seen_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
