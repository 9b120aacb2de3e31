"""The outbox: queue notifications, send what is due through edx-ace, never twice, never lost.

- `enqueue` writes one row per (recipient, kind, item) - the unique key makes a repeat a no-op -
  according to the recipient's choice for the course (immediate, digest, off), and once the
  caller's transaction commits schedules a Celery task for when the row is due: at once, or
  with an `eta` (no cron and no beat: Tutor runs only workers; decisions/0004).
- Immediate: the first item goes at once; later ones within MENTOR_NOTIFY_BATCH_MINUTES of the
  last mail wait and leave together. Digest: due at the next MENTOR_DIGEST_HOUR (UTC).
  A failed delivery schedules its retry the same way, and every sending run schedules one more
  run after CLAIM_TIMEOUT, which picks up what a worker that died mid-run left claimed.
- `send_due` (the task and the `mentor_send_digests` command) claims due rows with one
  conditional UPDATE per recipient (pending -> sending, stamped with a claim token): two
  senders never claim the same row. A sender that crashed leaves "sending" rows that go back
  to pending after CLAIM_TIMEOUT. A failed delivery goes back to pending with a back-off, and
  after MAX_ATTEMPTS stays "failed", visible to staff (`programme?list=mail`).
Mail never fails or slows a request: nothing here raises into a handler (see notification_events).
"""
from __future__ import annotations

import logging
import threading
import uuid
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from celery import shared_task
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from edx_ace import ace
from edx_ace.message import Message
from edx_ace.recipient import Recipient
from edx_ace.signals import ACE_MESSAGE_SENT

from .. import platform
from ..core.text import one_line
from ..errors import BadRequest, Forbidden
from ..i18n import mail_translation
from ..models import Notification, NotificationPreference
from ..platform import site_root
from . import notification_people as people
from .mail_text import item_text, message_text

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "mentor_xblock.notifications.unsubscribe"
CLAIM_TIMEOUT = timedelta(minutes=15)
MAX_ATTEMPTS = 5
BACKOFF_MINUTES = (1, 5, 30, 120, 360)
MODES = NotificationPreference.MODES
# Context fields that may reach a mail's subject or sender (headers): kept to one line.
ONE_LINE_FIELDS = ("course_name", "learner", "author", "mentor", "new_mentor")


def batch_window() -> timedelta:
    return timedelta(minutes=getattr(settings, "MENTOR_NOTIFY_BATCH_MINUTES", 60))


def next_digest_at(now: datetime) -> datetime:
    hour = getattr(settings, "MENTOR_DIGEST_HOUR", 7)
    today = now.astimezone(dt_timezone.utc).replace(hour=hour, minute=0, second=0, microsecond=0)
    return today if today > now else today + timedelta(days=1)


# --- preferences ----------------------------------------------------------------------------


def mode_of(course_key: str, user_id: str) -> str:
    found = NotificationPreference.objects.filter(course_key=course_key, user_id=user_id).first()
    return (found.mode if found else "") or NotificationPreference.IMMEDIATE


def set_mode(course_key: str, user_id: str, mode, language: str = "") -> str:
    """Save someone's choice for the course (the block's handler checks they are signed in)."""
    if not user_id:
        raise Forbidden("Sign in to choose how you are notified.")
    if mode not in MODES:
        raise BadRequest("Choose when to get mail: at once, as a daily digest, or never.")
    language = (language or "")[:16]
    defaults = {"mode": mode, **({"language": language} if language else {})}
    try:
        with transaction.atomic():
            NotificationPreference.objects.update_or_create(course_key=course_key, user_id=user_id, defaults=defaults)
    except IntegrityError:  # created in parallel: ours wins
        NotificationPreference.objects.filter(course_key=course_key, user_id=user_id).update(**defaults)
    if mode == NotificationPreference.OFF:
        # What was waiting for them is not sent any more (kept as history, skipped).
        Notification.objects.filter(course_key=course_key, recipient_id=user_id, state=Notification.PENDING).update(
            state=Notification.SKIPPED
        )
    return mode


def unsubscribe_token_days() -> int:
    return int(getattr(settings, "MENTOR_UNSUBSCRIBE_TOKEN_DAYS", 90))


def unsubscribe_token(course_key: str, user_id: str) -> str:
    """Signed and timestamped (signing.dumps): it works for MENTOR_UNSUBSCRIBE_TOKEN_DAYS."""
    return signing.dumps({"c": course_key, "u": user_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[str, str]:
    """(course_key, user_id) from a token we signed; BadRequest if it was altered or has expired."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=timedelta(days=unsubscribe_token_days()))
        return str(data["c"]), str(data["u"])
    except signing.SignatureExpired:
        raise BadRequest("This unsubscribe link has expired. Choose your mentoring email in the course's "
                         "mentoring section.") from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise BadRequest("This unsubscribe link is not valid.") from None


def unsubscribe_url(course_key: str, user_id: str) -> str:
    return site_root() + reverse("mentor_xblock:unsubscribe", kwargs={"token": unsubscribe_token(course_key, user_id)})


# --- queueing -------------------------------------------------------------------------------


def enqueue(course_key: str, block_key: str, recipients, kind: str, item_key: str, context: dict,
            by: str = "") -> list[int]:
    """Queue one notification per recipient (their choice decides when; "off" queues nothing; `by`,
    whose action it is about, is never told of it). Returns the ids created; a repeat of the same
    (recipient, kind, item) creates nothing."""
    now = timezone.now()
    created, due_times = [], set()
    # Names may reach a mail's subject: one line each, whatever the person typed.
    context = {key: one_line(value) if key in ONE_LINE_FIELDS else value for key, value in context.items()}
    for recipient in dict.fromkeys(r for r in recipients if r and r != by):
        mode = mode_of(course_key, recipient)
        if mode == NotificationPreference.OFF:
            continue
        due = next_digest_at(now) if mode == NotificationPreference.DIGEST else _immediate_due(course_key, recipient, now)
        try:
            with transaction.atomic():
                row = Notification.objects.create(
                    course_key=course_key, block_key=block_key, recipient_id=recipient, kind=kind,
                    item_key=item_key[:120], context=context, delivery=mode, due_at=due,
                )
        except IntegrityError:
            continue  # already told about this item
        created.append(row.pk)
        due_times.add(due)
    if created:
        transaction.on_commit(lambda: schedule(course_key, due_times))
    return created


def _immediate_due(course_key: str, recipient: str, now: datetime) -> datetime:
    """Now for the first item; for later ones, when the batch window after the last mail ends."""
    recent = Notification.objects.filter(course_key=course_key, recipient_id=recipient)
    last_sent = recent.filter(state=Notification.SENT).aggregate(at=Max("sent_at"))["at"]
    waiting = recent.filter(state=Notification.PENDING, delivery=Notification.IMMEDIATE).aggregate(at=Min("due_at"))["at"]
    if waiting is not None:
        return waiting
    if last_sent is not None and last_sent > now - batch_window():
        return last_sent + batch_window()
    return now


def schedule(course_key: str | None, due_times) -> None:
    """A sending task for each moment something falls due: now, or with an `eta`. An early, late or
    repeated task is harmless (rows are claimed once). If the broker is down the rows wait for the
    next task or the `mentor_send_digests` command (docs/platform.md)."""
    now = timezone.now()
    for due in sorted(set(due_times)):
        try:
            if due <= now:
                send_notifications.delay(course_key)
            else:
                send_notifications.apply_async(args=[course_key], eta=due)
        except Exception:  # pylint: disable=broad-except  # mail must never fail the request
            log.exception("Could not schedule sending the notifications due at %s; mentor_send_digests will send them",
                          due)


# --- sending --------------------------------------------------------------------------------


def release_stale_claims(now: datetime | None = None) -> int:
    """Claims older than CLAIM_TIMEOUT belong to a sender that died: back to pending."""
    now = now or timezone.now()
    return Notification.objects.filter(state=Notification.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT).update(
        state=Notification.PENDING, claim=""
    )


RETENTION_BATCH = 500  # rows a sending run deletes at most (the command deletes them all)


def purge_old(now: datetime | None = None, limit: int | None = None) -> int:
    """Delete sent, failed and skipped rows older than MENTOR_NOTIFICATION_RETENTION_DAYS (90): their
    contexts hold names and excerpts. Every sending run deletes at most RETENTION_BATCH of them (one
    indexed query: `notification_due`); without a `limit`, all of them go."""
    cutoff = (now or timezone.now()) - timedelta(days=int(getattr(settings, "MENTOR_NOTIFICATION_RETENTION_DAYS", 90)))
    old = Notification.objects.filter(state__in=(Notification.SENT, Notification.FAILED, Notification.SKIPPED),
                                      due_at__lt=cutoff)  # due_at is never before created_at
    deleted = 0
    while True:
        batch = list(old.values_list("pk", flat=True)[:limit or 5000])
        deleted += Notification.objects.filter(pk__in=batch).delete()[0] if batch else 0
        if limit is not None or not batch:
            return deleted


def send_due(course_key: str | None = None, now: datetime | None = None, everything: bool = False) -> dict:
    """Send every due notification, one mail per recipient and course. Safe to run anywhere, any
    number of times, in parallel: each row is claimed by exactly one sender."""
    now = now or timezone.now()
    release_stale_claims(now)
    purge_old(now, limit=RETENTION_BATCH)
    until = None if everything else now  # everything: batches and digests too, whenever they are due
    due = Notification.objects.filter(state=Notification.PENDING, **({} if everything else {"due_at__lte": now}))
    if course_key is not None:
        due = due.filter(course_key=course_key)
    groups = list(due.values_list("recipient_id", "course_key").distinct()[:5000])
    if groups and not send_notifications.app.conf.task_always_eager:
        # A worker that dies mid-run leaves claims: one more run after they expire sends them. (Tasks
        # that run in the caller's process, as in the workbench, have no worker to lose.)
        schedule(course_key, [now + CLAIM_TIMEOUT + timedelta(minutes=1)])
    report = {"mails": 0, "items": 0, "failed": 0}
    for recipient, course in groups:
        sent, items = _send_group(recipient, course, now, until)
        if items:
            report["mails" if sent else "failed"] += 1
            report["items"] += items if sent else 0
    return report


@shared_task(name="mentor_xblock.send_notifications", ignore_result=True)
def send_notifications(course_key: str | None = None) -> None:
    """The Celery task that sends the notifications that are due; queued after a request commits."""
    send_due(course_key)


def _send_group(recipient: str, course_key: str, now: datetime, until: datetime | None) -> tuple[bool, int]:
    token = uuid.uuid4().hex
    claimed = Notification.objects.filter(
        recipient_id=recipient, course_key=course_key, state=Notification.PENDING,
        **({} if until is None else {"due_at__lte": until})
    ).update(state=Notification.SENDING, claim=token, claimed_at=now)
    if not claimed:
        return False, 0  # another sender got there first
    rows = list(Notification.objects.filter(claim=token, state=Notification.SENDING).order_by("created_at", "pk"))
    try:
        _deliver(recipient, course_key, rows)
    except Exception as error:  # pylint: disable=broad-except  # any failure: retry later, never lose the items
        log.warning("Mentor XBlock notification mail to %s failed: %s", recipient, error)
        _failed(rows, token, str(error) or type(error).__name__, now)
        return False, len(rows)
    Notification.objects.filter(claim=token, state=Notification.SENDING).update(
        state=Notification.SENT, sent_at=timezone.now(), claim=""
    )
    if any(row.delivery == Notification.DIGEST for row in rows):
        NotificationPreference.objects.filter(course_key=course_key, user_id=recipient).update(last_digest_at=now)
    return True, len(rows)


def _failed(rows, token: str, error: str, now: datetime) -> None:
    retries = set()
    for row in rows:
        attempts = row.attempts + 1
        gone = attempts >= MAX_ATTEMPTS or error == NoAddress.message
        retry_at = now + timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])
        Notification.objects.filter(pk=row.pk, claim=token).update(
            state=Notification.FAILED if gone else Notification.PENDING, claim="", attempts=attempts,
            last_error=error[:500], due_at=retry_at,
        )
        if not gone:
            retries.add(retry_at)
    if retries:
        schedule(rows[0].course_key, retries)


def _right_to_left(language: str) -> bool:
    try:
        return bool(get_language_info(language)["bidi"])
    except KeyError:
        return False


class NoAddress(Exception):
    message = "the recipient has no email address we can find"


_delivered = threading.local()


def _on_ace_sent(sender, message=None, **kwargs):  # pylint: disable=unused-argument
    seen = getattr(_delivered, "uuids", None)
    if seen is not None and isinstance(message, dict):
        seen.add(message.get("uuid"))


def _deliver(recipient: str, course_key: str, rows: list[Notification]) -> None:
    """One mail through edx-ace (its django_email channel in the workbench; the LMS's own channels there)."""
    person = people.contact(course_key, recipient)
    if person is None:
        raise NoAddress(NoAddress.message)
    unsubscribe = unsubscribe_url(course_key, recipient)
    language = one_line(person.language)
    words = mail_translation(language)  # the recipient's language, not the sender's request's
    items = [
        item_text({**row.context, "kind": row.kind,
                   "link": platform.link_for_recipient(row.context.get("link", ""), person.username)}, words)
        for row in rows
    ]
    digest = any(r.delivery == Notification.DIGEST for r in rows)
    text = message_text(items, digest, rows[0].context.get("course_name", ""),
                        getattr(settings, "PLATFORM_NAME", "Open edX"), words, _right_to_left(language))
    message = Message(
        app_label="mentor_xblock",
        name="notification",
        recipient=Recipient(lms_user_id=person.lms_user_id, email_address=person.email),
        language=language,
        context={
            "items": items, "text": text, "unsubscribe_url": unsubscribe,
            # edx-platform's CourseEmailOptout ACE policy applies only to messages that name their courses.
            "course_ids": [course_key],
        },
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": language,
        },
        options={"from_address": getattr(settings, "ACE_CHANNEL_DJANGO_EMAIL_FROM_ADDRESS", None)
                 or getattr(settings, "DEFAULT_FROM_EMAIL", None)},
    )
    # ace.send reports channel errors instead of raising them: we count it delivered only
    # when ACE says so (its ACE_MESSAGE_SENT signal), and retry otherwise.
    _delivered.uuids = set()
    ACE_MESSAGE_SENT.connect(_on_ace_sent, dispatch_uid="mentor_xblock_notifications")
    try:
        ace.send(message)
        if str(message.uuid) not in _delivered.uuids:
            raise RuntimeError("edx-ace did not deliver the message (see the ACE log)")
    finally:
        _delivered.uuids = None


def waiting(course_key: str | None = None) -> dict:
    """How many items wait to be sent, and when the next one is due (the command's report)."""
    rows = Notification.objects.filter(state=Notification.PENDING)
    if course_key is not None:
        rows = rows.filter(course_key=course_key)
    return {"items": rows.count(), "next_due": rows.aggregate(at=Min("due_at"))["at"]}


# --- for staff ------------------------------------------------------------------------------


def outbox_page(course_key: str, start: int, stop: int) -> dict:
    """Mail that is waiting to be retried or failed, newest first, with the last error."""
    trouble = Notification.objects.filter(course_key=course_key, attempts__gt=0).exclude(state=Notification.SENT)
    rows = trouble.order_by("-created_at", "-pk")[start:stop]
    return {
        "waiting": Notification.objects.filter(course_key=course_key, state=Notification.PENDING).count(),
        "failed": Notification.objects.filter(course_key=course_key, state=Notification.FAILED).count(),
        "items": [
            {"id": row.pk, "kind": row.kind, "state": row.state, "attempts": row.attempts,
             "last_error": row.last_error, "created_at": row.created_at.isoformat(),
             "next_try_at": row.due_at.isoformat() if row.state == Notification.PENDING else None}
            for row in rows
        ],
        "total": trouble.count(),
    }
