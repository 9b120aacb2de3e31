"""The mentoring programme of a course: mentor pool, learner interests, assignments, change requests.

Everything here is course-wide (shared by every mentorship block in the course), so a
learner keeps the same mentor across the programme. Capacity is enforced by the
database: `MentorProfile.load` only moves through conditional UPDATEs inside the
assignment transaction (see services/programme.py).
"""
from django.db import models


class MentorProfile(models.Model):
    course_key = models.CharField(max_length=255)
    mentor_id = models.CharField(max_length=64)  # the mentor's anonymous user id in this course
    username = models.CharField(max_length=150, blank=True)
    display_name = models.CharField(max_length=200)
    bio = models.TextField(blank=True)
    tags = models.JSONField(default=list)  # expertise tags, lowercase
    capacity = models.PositiveIntegerField(default=10)
    load = models.PositiveIntegerField(default=0)  # active assignments, kept in step transactionally
    active = models.BooleanField(default=True)
    contact_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course_key", "mentor_id"], name="mentor_profile_one_per_course"),
        ]
        indexes = [models.Index(fields=["course_key", "active"], name="mentor_profile_pool")]

    def __str__(self):
        return f"{self.display_name} ({self.course_key})"

    @property
    def free(self) -> int:
        return max(self.capacity - self.load, 0)


class LearnerProfile(models.Model):
    """Per-course learner facts the programme needs: interests, a display name, activity."""

    course_key = models.CharField(max_length=255)
    learner_id = models.CharField(max_length=64)
    username = models.CharField(max_length=150, blank=True)
    interests = models.JSONField(default=list)
    mentor_count = models.PositiveSmallIntegerField(default=0)  # active assignments
    # How many mentors the learner should have: the course's effective mentors_per_learner
    # when they last acted in the programme. Bulk matching fills learners up to it (never
    # above the course's current effective limit).
    mentors_wanted = models.PositiveSmallIntegerField(default=1)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the learner joined the mentor programme (join_programme, interests, a choice).
    # Null for learners known only from their work (services/learners.register_learner):
    # they count in reports but are not matched until they join.
    joined_at = models.DateTimeField(null=True, blank=True)
    # Up to three MentorProfile pks, first choice first (join_programme/choose_mentor `ranked_mentors`).
    ranked_mentors = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course_key", "learner_id"], name="learner_profile_one_per_course"),
        ]
        indexes = [
            models.Index(fields=["course_key", "mentor_count"], name="learner_profile_unassigned"),
            models.Index(fields=["course_key", "username"], name="learner_profile_by_name"),
        ]


class Assignment(models.Model):
    """One learner-mentor pairing. Ended rows stay as history (who, when, why)."""

    course_key = models.CharField(max_length=255)
    learner_id = models.CharField(max_length=64)
    mentor = models.ForeignKey(MentorProfile, on_delete=models.PROTECT, related_name="assignments")
    # Equals learner_id while active and NULL once ended: a unique index on it forbids
    # two active pairings of the same learner and mentor on MySQL too (no partial indexes there).
    active_learner = models.CharField(max_length=64, null=True, blank=True)
    active = models.BooleanField(default=True)
    method = models.CharField(max_length=20)  # auto | choice | manual | bulk | csv | change
    created_by = models.CharField(max_length=64, blank=True)  # anonymous id, or "" for the system
    reason = models.CharField(max_length=500, blank=True)
    # Why the pairing was made (core/why.py WHY_CODES), and the rank the learner gave the mentor (1-3).
    why = models.CharField(max_length=20, blank=True)
    why_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.CharField(max_length=64, blank=True)
    end_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mentor", "active_learner"], name="assignment_one_active_pair"),
        ]
        indexes = [
            models.Index(fields=["course_key", "learner_id", "active"], name="assignment_by_learner"),
            models.Index(fields=["mentor", "active", "created_at"], name="assignment_by_mentor"),
            models.Index(fields=["course_key", "created_at"], name="assignment_history"),
        ]


class ChangeRequest(models.Model):
    PENDING, APPROVED, DECLINED, CANCELLED = "pending", "approved", "declined", "cancelled"

    course_key = models.CharField(max_length=255)
    learner_id = models.CharField(max_length=64)
    assignment = models.ForeignKey(Assignment, null=True, on_delete=models.SET_NULL, related_name="change_requests")
    reason = models.CharField(max_length=1000)
    status = models.CharField(max_length=12, default=PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.CharField(max_length=64, blank=True)
    note = models.CharField(max_length=1000, blank=True)
    # Where the learner asked (their answer is shown there only) and when they dismissed the answer.
    block_key = models.CharField(max_length=255, blank=True, default="")
    answer_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["course_key", "status", "created_at"], name="change_request_queue"),
            models.Index(fields=["course_key", "learner_id", "status"], name="change_request_by_learner"),
        ]


class ProgrammeBlock(models.Model):
    """One block's mentoring settings, so the course's rule (the strictest of its blocks) is known
    without rendering anything. Written when an author saves the block in Studio, on course
    publish, by the demo data command, and on the first programme handler call through it."""

    course_key = models.CharField(max_length=255)
    block_key = models.CharField(max_length=255)
    settings = models.JSONField(default=dict)  # strategy, mentors_per_learner, allow_change, tags, checkin_days
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # Also the index for "all blocks of a course" (course_key is its prefix).
            models.UniqueConstraint(fields=["course_key", "block_key"], name="programme_block_one_per_block"),
        ]
