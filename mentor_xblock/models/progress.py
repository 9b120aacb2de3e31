"""Watch-verified progress: what each learner actually played of each segment.

Learners are stored by the runtime's anonymous user id, so retiring a user is a
delete by that id (see services/retirement.py once it exists).
"""
from django.db import models


class SegmentProgress(models.Model):
    """Watch-verified progress of one learner on one segment of one block."""

    course_key = models.CharField(max_length=255)
    block_key = models.CharField(max_length=255)
    learner_id = models.CharField(max_length=64)
    segment_id = models.CharField(max_length=64)
    # Merged [from, to] pairs in absolute media seconds, already clamped to the segment.
    intervals = models.JSONField(default=list)
    watched_seconds = models.FloatField(default=0)
    coverage = models.FloatField(default=0)
    watched = models.BooleanField(default=False)
    first_report_at = models.DateTimeField()
    watched_at = models.DateTimeField(null=True, blank=True)
    # Transcript reading, where the block allows it (core.intervals.credit_reading_ms):
    # credited whole milliseconds and the clock of the reading reports.
    read_ms = models.PositiveIntegerField(default=0)
    first_read_at = models.DateTimeField(null=True, blank=True)
    last_read_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["block_key", "learner_id", "segment_id"], name="mentor_progress_one_row"
            )
        ]
        indexes = [models.Index(fields=["course_key", "learner_id"], name="mentor_progress_course")]

    def __str__(self):
        return f"{self.learner_id} {self.block_key} {self.segment_id} {self.coverage:.0%}"


class WatchClock(models.Model):
    """One learner's clocks in one course, across every segment of every block: what all their
    segments together may credit (services/progress.py locks this row before a segment's row).

    Watching: `credited_ms` (the sum of every segment's stored watched time) never exceeds
    MAX_PLAYBACK_RATE × the time since `first_report_at`. Reading a transcript has its own clock
    (the page reports reading while the transcript is open beside a playing clip, so the two overlap
    honestly): `read_ms` never exceeds the time since `first_read_at`.
    """

    course_key = models.CharField(max_length=255)
    learner_id = models.CharField(max_length=64)
    first_report_at = models.DateTimeField()
    credited_ms = models.BigIntegerField(default=0)
    first_read_at = models.DateTimeField(null=True, blank=True)
    read_ms = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course_key", "learner_id"], name="mentor_watch_clock_one_row")
        ]

    def __str__(self):
        return f"{self.learner_id} {self.course_key} {self.credited_ms} ms"
