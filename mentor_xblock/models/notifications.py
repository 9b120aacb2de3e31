"""Mail that leaves the page: an outbox of notifications and each person's choice per course.

The outbox is the single source of truth for "who was told what": one row per
(recipient, kind, item), so telling someone twice about the same thing is a unique-key
violation, not a bug to find later. Senders claim rows with a conditional UPDATE
(pending -> sending, stamped with their claim token), so two senders never mail the same
row; a crashed sender's claims go back to pending after CLAIM_TIMEOUT (services/notifications.py).
"""
from django.db import models


class Notification(models.Model):
    # skipped: the recipient turned mail off before it was sent
    PENDING, SENDING, SENT, FAILED, SKIPPED = "pending", "sending", "sent", "failed", "skipped"
    IMMEDIATE, DIGEST = "immediate", "digest"

    course_key = models.CharField(max_length=255)
    block_key = models.CharField(max_length=255, blank=True)  # where the item lives (the link opens it)
    recipient_id = models.CharField(max_length=64)  # anonymous user id in this course
    kind = models.CharField(max_length=20)  # response | reply | review | assigned | ended | change_request | ...
    item_key = models.CharField(max_length=120)  # what it is about, e.g. "response:12@2024-…" (a new version is a new item)
    context = models.JSONField(default=dict)  # what the templates show (names, an excerpt, the link fragment)
    delivery = models.CharField(max_length=10, default=IMMEDIATE)  # immediate | digest (the recipient's choice then)
    state = models.CharField(max_length=10, default=PENDING)
    due_at = models.DateTimeField()  # not sent before this (batching, digests, retry back-off)
    claim = models.CharField(max_length=32, blank=True)  # the sender that holds it while state is "sending"
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient_id", "kind", "item_key"], name="notification_once_per_item"),
        ]
        indexes = [
            models.Index(fields=["state", "due_at"], name="notification_due"),
            models.Index(fields=["recipient_id", "course_key", "state"], name="notification_by_recipient"),
            models.Index(fields=["claim"], name="notification_claim"),
            models.Index(fields=["course_key", "state"], name="notification_course_state"),
        ]


class NotificationPreference(models.Model):
    """How someone wants mail about one course: immediate (the default), a daily digest, or none."""

    IMMEDIATE, DIGEST, OFF = "immediate", "digest", "off"
    MODES = (IMMEDIATE, DIGEST, OFF)

    course_key = models.CharField(max_length=255)
    user_id = models.CharField(max_length=64)  # anonymous user id in this course
    mode = models.CharField(max_length=10, default=IMMEDIATE)
    language = models.CharField(max_length=16, blank=True)  # the language they use the block in, for their mail
    last_digest_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course_key", "user_id"], name="notification_pref_one_per_course"),
        ]
