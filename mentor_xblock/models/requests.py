"""A learner's request for a mentor, when the course lets mentors accept or decline (`mentor_approval`).

One pending request per learner and course: `pending_learner` equals learner_id while the
request is pending and is NULL otherwise, and a unique index on (course_key, pending_learner)
makes a second pending request (a double click, a second device) impossible on every database.
Capacity is checked when the mentor accepts, not reserved (services/programme/requests.py).
"""
from django.db import models

from .programme import Assignment, MentorProfile


class MentorRequest(models.Model):
    PENDING, ACCEPTED, DECLINED, EXPIRED, WITHDRAWN = "pending", "accepted", "declined", "expired", "withdrawn"

    course_key = models.CharField(max_length=255)
    block_key = models.CharField(max_length=255, blank=True)  # where it was made (the mail's links)
    place = models.CharField(max_length=255, blank=True)  # that block's name (the mail's course name)
    learner_id = models.CharField(max_length=64)
    pending_learner = models.CharField(max_length=64, null=True, blank=True)
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="requests")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)  # the mentor's place in the learner's ranking
    replace = models.ForeignKey(Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=12, default=PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=1000, blank=True)
    assignment = models.ForeignKey(Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course_key", "pending_learner"], name="mentor_request_one_pending"),
        ]
        indexes = [
            models.Index(fields=["mentor", "status", "created_at"], name="mentor_request_inbox"),
            models.Index(fields=["status", "expires_at"], name="mentor_request_due"),
            models.Index(fields=["course_key", "learner_id", "created_at"], name="mentor_request_by_learner"),
        ]
