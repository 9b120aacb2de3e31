"""Check-ins (a rating and a note per side and period) and closing reflections of pairings (issue 22)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('mentor_xblock', '0015_matches_people_choose'),
    ]

    operations = [
        migrations.CreateModel(
            name='CheckIn',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(max_length=255)),
                ('who', models.CharField(max_length=8)),
                ('period', models.PositiveIntegerField()),
                ('rating', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('note', models.TextField(blank=True)),
                ('answered_at', models.DateTimeField()),
                ('assignment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checkins', to='mentor_xblock.assignment')),
            ],
            options={
                'indexes': [models.Index(fields=['course_key', 'rating'], name='checkin_figures')],
                'constraints': [models.UniqueConstraint(fields=('assignment', 'who', 'period'), name='checkin_one_per_side_and_period')],
            },
        ),
        migrations.CreateModel(
            name='ClosingReflection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('course_key', models.CharField(max_length=255)),
                ('who', models.CharField(max_length=8)),
                ('text', models.TextField(blank=True)),
                ('skipped', models.BooleanField(default=False)),
                ('answered_at', models.DateTimeField()),
                ('assignment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='closings', to='mentor_xblock.assignment')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('assignment', 'who'), name='closing_one_per_side')],
            },
        ),
    ]
