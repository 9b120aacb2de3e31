"""The conversation's history (issue 21): each submitted version of a response (a round) and
each review of a version. Replies point at the version they answered (Reply.version).

A round is one version of the learner's text and the feedback that answered it; the learner,
their mentors and the export read the rounds in order (services/history.py).
"""
from django.db import models

from .prompts import Response


class ResponseVersion(models.Model):
    """One submitted version of a response: the first submission is number 1, each changed
    resubmission (a revision, or an edit) adds the next. Kept until the learner is retired."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    submitted_at = models.DateTimeField()
    # The moment of the clip the version is about (docs/api.md "Moments"): "" / None when none.
    moment_segment = models.CharField(max_length=64, blank=True)
    moment_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "number"], name="response_version_number"),
        ]


class ResponseReview(models.Model):
    """A mentor's or staff member's review of one version: its status, its comment (needed for a
    revision request), the level picked for each of the prompt's criteria. Changing a review adds
    a row on the same version; the latest is the review in force, earlier ones are its history."""

    version = models.ForeignKey(ResponseVersion, on_delete=models.CASCADE, related_name="reviews")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="review_history")
    status = models.CharField(max_length=20)  # "reviewed" | "needs_revision"
    comment = models.TextField(blank=True)
    # JSON: [{"criterion": 0, "level": 1}, …] in the prompt's criteria order ("" without criteria).
    levels = models.TextField(blank=True)
    points = models.FloatField(null=True, blank=True)  # the criteria's share of the prompt (0..1), if any
    reviewer_id = models.CharField(max_length=64)
    reviewer_name = models.CharField(max_length=150, blank=True)
    reviewer_role = models.CharField(max_length=10, default="mentor")
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["response", "created_at"], name="review_history_thread"),
            models.Index(fields=["reviewer_id"], name="review_history_by"),
        ]
