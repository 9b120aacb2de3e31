"""Large CSV exports run as background jobs: one row per requested export, per course.

The file itself lives in Django's default storage under `file_name`; staff download it
through the block's handler only (never a storage URL), and old files are deleted
(services/export_jobs.py: cleanup).
"""
from django.db import models


class ExportJob(models.Model):
    PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"

    course_key = models.CharField(max_length=255)
    block_key = models.CharField(max_length=255)
    report = models.CharField(max_length=20)  # assignments | responses | progress
    params = models.JSONField(default=dict)  # what the report needs from the block (segment ids, close date)
    status = models.CharField(max_length=10, default=PENDING)
    rows = models.PositiveIntegerField(default=0)  # rows written so far
    total = models.PositiveIntegerField(default=0)  # rows expected (counted when the job started)
    file_name = models.CharField(max_length=500, blank=True)  # in the default storage
    error = models.CharField(max_length=500, blank=True)
    requested_by = models.CharField(max_length=64)  # the staff member's anonymous id
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["course_key", "created_at"], name="export_job_by_course"),
            models.Index(fields=["created_at"], name="export_job_age"),
        ]
