"""Reflections: learners' responses to prompts, replies under them, flags, a posting log and
the per-author row that serialises posting (the rate limit).

Text is stored exactly as typed (plain text); it is escaped where it is shown.
"""
from django.db import models


class Response(models.Model):
    course_key = models.CharField(max_length=255)
    block_key = models.CharField(max_length=255)
    prompt_id = models.CharField(max_length=64)
    learner_id = models.CharField(max_length=64)
    author_name = models.CharField(max_length=150, blank=True)  # shown to peers and mentors
    # The author's programme role when they last submitted ("learner" | "mentor" | "staff"):
    # peers' lists show learners' responses only, and roles live in the runtime, not here.
    author_role = models.CharField(max_length=10, default="learner")
    draft = models.TextField(blank=True)  # autosaved editor text, may differ from the submitted text
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    # The draft's revision: each change of `draft` adds one, so a device saving over a draft it has
    # not seen is told (409 with the newer text) instead of overwriting it (services/posting.py).
    draft_version = models.PositiveIntegerField(default=0)
    text = models.TextField(blank=True)  # the submitted response
    submitted_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden = models.BooleanField(default=False)
    hidden_by = models.CharField(max_length=64, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=500, blank=True)  # shown to the author
    flag_count = models.PositiveIntegerField(default=0)  # open reports (dismissing or hiding resolves them)
    reply_count = models.PositiveIntegerField(default=0)
    # Mentor review (dashboards): "" | "reviewed" | "needs_revision"
    review_status = models.CharField(max_length=20, blank=True)
    review_comment = models.TextField(blank=True)
    reviewed_by = models.CharField(max_length=64, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The share of the prompt's points the review in force gives from its criteria levels (0..1;
    # None: no criteria, a "reviewed" counts whole). Mentor-assessed grading reads it (services/grading.py).
    review_points = models.FloatField(null=True, blank=True)
    first_feedback_at = models.DateTimeField(null=True, blank=True)  # first mentor reply or review
    # Kept with the first feedback so turnaround medians are an indexed ORDER BY, not date math per row.
    first_feedback_by = models.CharField(max_length=64, blank=True)
    first_feedback_seconds = models.FloatField(null=True, blank=True)
    # True from each submission or edit until a mentor or staff member replies or reviews.
    awaiting_feedback = models.BooleanField(default=False)
    feedback_seen_at = models.DateTimeField(null=True, blank=True)  # when the learner last read feedback
    last_feedback_at = models.DateTimeField(null=True, blank=True)
    # The conversation (issue 21, models/history.py): how many versions were submitted and when the
    # current one was (the mentor's queue keeps a revised response's place by it).
    round_count = models.PositiveIntegerField(default=0)
    round_at = models.DateTimeField(null=True, blank=True)
    # The moment of the clip the submitted response is about, and the draft's (docs/api.md "Moments").
    moment_segment = models.CharField(max_length=64, blank=True)
    moment_seconds = models.FloatField(null=True, blank=True)
    draft_moment_segment = models.CharField(max_length=64, blank=True)
    draft_moment_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            # Learner before prompt: the same index serves "this learner's responses in this block".
            models.UniqueConstraint(fields=["block_key", "learner_id", "prompt_id"], name="response_one_per_learner"),
        ]
        indexes = [
            models.Index(fields=["block_key", "prompt_id", "submitted_at"], name="response_peers_page"),
            models.Index(fields=["course_key", "learner_id"], name="response_by_learner"),
            models.Index(fields=["block_key", "awaiting_feedback", "submitted_at"], name="response_queue"),
            models.Index(fields=["course_key", "awaiting_feedback"], name="response_awaiting"),
            models.Index(fields=["course_key", "first_feedback_by", "first_feedback_seconds"], name="response_turnaround"),
            models.Index(fields=["course_key", "first_feedback_seconds"], name="response_course_turnaround"),
            models.Index(fields=["block_key", "awaiting_feedback", "round_at"], name="response_queue_round"),
        ]

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Reply(models.Model):
    LEARNER, MENTOR, STAFF = "learner", "mentor", "staff"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="replies")
    author_id = models.CharField(max_length=64)
    author_name = models.CharField(max_length=150, blank=True)
    author_role = models.CharField(max_length=10, default=LEARNER)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden = models.BooleanField(default=False)
    hidden_by = models.CharField(max_length=64, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=500, blank=True)  # shown to the author
    flag_count = models.PositiveIntegerField(default=0)
    # The version of the response it answered (models/history.py); the moment of the clip it is about.
    version = models.ForeignKey("ResponseVersion", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="replies")
    moment_segment = models.CharField(max_length=64, blank=True)
    moment_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["response", "created_at"], name="reply_thread"),
            models.Index(fields=["author_id", "created_at"], name="reply_by_author"),
        ]


class Flag(models.Model):
    """A learner's report of a response or reply; one per person and item.

    Open until a moderator hides the item or dismisses the reports (resolved_at set)."""

    HIDDEN, DISMISSED = "hidden", "dismissed"

    kind = models.CharField(max_length=10)  # "response" | "reply"
    target_id = models.BigIntegerField()
    course_key = models.CharField(max_length=255)
    # The learner whose response the item is (or is under): their mentors moderate it.
    thread_learner_id = models.CharField(max_length=64, blank=True)
    block_key = models.CharField(max_length=255, blank=True)
    flagger_id = models.CharField(max_length=64)
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.CharField(max_length=64, blank=True)
    resolution = models.CharField(max_length=10, blank=True)  # hidden | dismissed

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "target_id", "flagger_id"], name="flag_once_per_person"),
        ]
        indexes = [
            models.Index(fields=["course_key", "created_at"], name="flag_queue"),
            models.Index(fields=["course_key", "resolved_at", "created_at"], name="flag_open"),
            models.Index(fields=["course_key", "thread_learner_id", "resolved_at"], name="flag_by_thread"),
        ]


class PostLog(models.Model):
    """One row per post (submit, edit, reply); the rate limit counts recent rows."""

    course_key = models.CharField(max_length=255)
    author_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["author_id", "course_key", "created_at"], name="postlog_rate")]


class PostQuota(models.Model):
    """One row per author and course, locked before the rate limit counts PostLog rows, so
    parallel posts by one person (many LMS processes) queue and the limit holds exactly."""

    course_key = models.CharField(max_length=255)
    author_id = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["author_id", "course_key"], name="postquota_one_per_author")]
