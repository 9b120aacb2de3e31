"""How a pairing goes and how it ended, in the words of its two sides (issue 22).

CheckIn: every `checkin_days` after a pairing starts, its learner and its mentor each rate how
useful the mentoring is (1–5) with an optional note for the programme team, or skip that
check-in. ClosingReflection: once a pairing has ended, each side may say what they take away
(or skip it). Neither is ever shown to the other side; both go with the pairing (CASCADE), so
retiring a person, which deletes their pairings, deletes them too (services/retirement.py).
"""
from django.db import models

from .programme import Assignment

LEARNER, MENTOR = "learner", "mentor"
SIDES = (LEARNER, MENTOR)


class CheckIn(models.Model):
    """One side's answer to one check-in of a pairing. The unique index makes a second answer (a
    double click, another device) fail in the database: the service turns it into a 409."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="checkins")
    course_key = models.CharField(max_length=255)  # the assignment's, for the course's figures
    who = models.CharField(max_length=8)  # learner | mentor
    period = models.PositiveIntegerField()  # 1: checkin_days after the pairing started, 2: twice as many…
    rating = models.PositiveSmallIntegerField(null=True, blank=True)  # 1–5; None when skipped
    note = models.TextField(blank=True)  # for the programme team only
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "who", "period"], name="checkin_one_per_side_and_period"),
        ]
        indexes = [models.Index(fields=["course_key", "rating"], name="checkin_figures")]


class ClosingReflection(models.Model):
    """One side's closing reflection on an ended pairing (asked once: answered or skipped)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="closings")
    course_key = models.CharField(max_length=255)
    who = models.CharField(max_length=8)  # learner | mentor
    text = models.TextField(blank=True)  # what they take away; empty when skipped
    skipped = models.BooleanField(default=False)
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "who"], name="closing_one_per_side"),
        ]
