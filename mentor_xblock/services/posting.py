"""Posting reflections: drafts, responses, replies and reports, one function per operation,
each with its visibility check, its transaction and the mail it starts.

Who may read what is one rule, in reflection_access: every action on an item first requires
the item to be readable by that rule (404 otherwise). Writes are transactions that survive
many LMS processes on MySQL (see the lock order below). Reading is services/responses.py;
reviews services/reviews.py; moderation services/moderation.py.
"""
from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..core.messages import N_, Np_, number
from ..core.moments import Moment
from ..core.text import clean_text, word_count
from ..errors import BadRequest, Conflict, Forbidden, NotFound, TooManyRequests
from ..models import Flag, Notification, PostLog, PostQuota, Reply, Response
from . import history, notification_events, reminders, roles
from . import reflection_access as access
from .context import Actor, BlockRef
from .db import atomic_retrying, get_or_create_locked
from .grading import MENTOR_ASSESSED, record_submission
from .learners import register_learner

MAX_RESPONSE_CHARS = 10_000
MAX_REPLY_CHARS = 2_000
MAX_REASON_CHARS = 500
POSTS_PER_MINUTE = 10


# --- checks -------------------------------------------------------------------------


# What people call the texts they send (the refusals name them this way, translated).
TEXT_NAMES = {"response": N_("response"), "reply": N_("reply"), "reason": N_("reason"), "comment": N_("comment")}


def text_of(value, limit: int, what: str) -> str:
    name = TEXT_NAMES.get(what, what)
    if not isinstance(value, str):
        raise BadRequest(N_("Your {what} must be text.", what=name))
    text = clean_text(value)
    if len(text) > limit:
        raise BadRequest(N_("Your {what} is {length} characters long; the limit is {limit}.", what=name,
                            length=number(len(text)), limit=number(limit)))
    return text


def whole_number(value, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadRequest(N_("The request must identify the {what} by its number.", what=TEXT_NAMES.get(what, what)))
    return value


def _claim_post(ref: BlockRef, actor: Actor, now) -> None:
    """Count this post against the author's limit, or refuse it (429).

    Call it first in the posting transaction. The author's quota row lock queues their
    parallel posts (any number of LMS processes); the count is a locking read, so it sees
    every post the previous holder of the lock committed, even under REPEATABLE READ, and
    it starts no snapshot: the checks that follow read data as of after the locks.
    """
    get_or_create_locked(PostQuota, {"author_id": actor.anonymous_id, "course_key": ref.course_key}, {})
    window = now - timedelta(minutes=1)
    # Newest first, one more than the limit: all the posts in the window, and an older one if any is left.
    logged = list(
        PostLog.objects.select_for_update().filter(author_id=actor.anonymous_id, course_key=ref.course_key)
        .order_by("-created_at").values_list("created_at", flat=True)[: POSTS_PER_MINUTE + 1]
    )
    if sum(1 for at in logged if at >= window) >= POSTS_PER_MINUTE:
        raise TooManyRequests("You are posting very quickly. Please wait a minute, then try again.")
    if any(at < window for at in logged):
        # Rows older than the window count for nothing: keep the log as short as the limit needs
        # (an author's first post has none, and skips the statement).
        PostLog.objects.filter(author_id=actor.anonymous_id, course_key=ref.course_key, created_at__lt=window).delete()
    PostLog.objects.create(course_key=ref.course_key, author_id=actor.anonymous_id)


# Lock order, the same in every transaction so that none waits in a cycle: the author's
# PostQuota row, then the reply acted on (if any), then its response; then inserts and
# counter updates. Every read before the locks is a locking read, so on REPEATABLE READ the
# transaction's snapshot starts after them and the visibility checks see current data.
# Locking the response FOR UPDATE before inserting a reply also spares the classic InnoDB
# deadlock where the insert takes a shared lock on the parent through the foreign key and
# the reply_count update then wants an exclusive one.


def locked_response(ref: BlockRef, response_id) -> Response:
    response = Response.objects.select_for_update().filter(
        pk=whole_number(response_id, "response"), block_key=ref.block_key
    ).first()
    if response is None:
        raise NotFound("That response does not exist in this block.")
    return response


def locked_reply(ref: BlockRef, reply_id) -> tuple[Reply, Response]:
    # By primary key alone: a join would lock the response in the same statement, in an
    # order the optimiser picks. The block is checked on the response.
    reply = Reply.objects.select_for_update().filter(pk=whole_number(reply_id, "reply")).first()
    response = reply and Response.objects.select_for_update().filter(pk=reply.response_id, block_key=ref.block_key).first()
    if response is None:
        raise NotFound("That reply does not exist in this block.")
    reply.response = response
    return reply, response


def _readable_response(ref: BlockRef, prompts, actor: Actor, response_id) -> tuple[Response, object]:
    """The response (locked) and its prompt, if the actor may read it; 404 otherwise."""
    response = locked_response(ref, response_id)
    prompt = prompts(response.prompt_id)
    if not access.can_read(ref, prompt, actor, response):
        raise NotFound("That response does not exist in this block.")
    return response, prompt


def _readable_reply(ref: BlockRef, prompts, actor: Actor, reply_id) -> tuple[Reply, Response]:
    """The reply and its response (both locked), if the actor may read the reply; 404 otherwise."""
    reply, response = locked_reply(ref, reply_id)
    if not access.can_read_reply(ref, prompts(response.prompt_id), actor, reply, response):
        raise NotFound("That reply does not exist in this block.")
    return reply, response


def no_prompts(_prompt_id):
    return None  # callers that only moderate: the rule for moderators doesn't depend on the prompt


# --- writing ------------------------------------------------------------------------


def draft_version_of(value) -> int | None:
    """The draft version a save says it edits: None (an older client: the last save wins) or a whole number."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BadRequest("The draft's version must be the whole number the last answer gave.")
    return value


KEEP = object()  # save_draft without "moment": the draft keeps the moment it has


def _moment_parts(moment: Moment | None) -> dict:
    return {"moment_segment": moment.segment_id if moment else "", "moment_seconds": moment.seconds if moment else None}


@atomic_retrying
def save_draft(ref: BlockRef, prompt, actor: Actor, text, version: int | None = None, moment=KEEP) -> Response:
    """Autosave the actor's draft; its `draft_version` goes up by one with each change.

    `version` is the draft_version the device last had (draft_version_of). If another device changed
    the draft since, nothing is written: 409 with the newer draft and its version, so the person
    chooses. Saving the text the draft already has is never a conflict. Without a version (older
    clients, the mobile app) the last save wins, as before.
    """
    text = text_of(text, MAX_RESPONSE_CHARS, "response")
    now = timezone.now()
    moment_fields = {} if moment is KEEP else {f"draft_{k}": v for k, v in _moment_parts(moment).items()}
    response, created = _own_row(ref, prompt, actor, draft=text, draft_saved_at=now, draft_version=1, **moment_fields)
    if moment_fields and not created and any(getattr(response, k) != v for k, v in moment_fields.items()):
        for key, value in moment_fields.items():
            setattr(response, key, value)
        response.save(update_fields=list(moment_fields))
    if created or response.draft == text:
        return response
    if version is not None and version != response.draft_version:
        raise Conflict(N_("This draft was changed on another device or tab since you opened it."),
                       draft=response.draft, version=response.draft_version,
                       draft_saved_at=response.draft_saved_at.isoformat() if response.draft_saved_at else None)
    response.draft = text
    response.draft_saved_at = now
    response.draft_version += 1
    response.save(update_fields=["draft", "draft_saved_at", "draft_version"])
    return response


def _own_row(ref: BlockRef, prompt, actor: Actor, **first_values):
    """(row, created): the actor's response row (locked), after every check; a new row is
    written with `first_values` at once. A learner is registered with the programme's
    learners in the same transaction, so a refusal registers nobody and a first post costs
    one commit, not two."""

    lookup = dict(block_key=ref.block_key, prompt_id=prompt.id, learner_id=actor.anonymous_id)
    defaults = {"course_key": ref.course_key, "author_name": actor.name, "author_role": actor.role, **first_values}
    found = get_or_create_locked(Response, lookup, defaults)
    register_learner(ref.course_key, actor.anonymous_id, actor.name, actor.role)
    return found


def submit_response(ref: BlockRef, prompt, actor: Actor, text, grading: str = "",
                    moment: Moment | None = None) -> tuple[Response, bool]:
    """Submit (or edit) the actor's response; returns (response, first_submission). Each changed
    submission is the response's next version (services/history.py), with the moment it is about.
    In a mentor-assessed block each submit or edit is an attempt for the mentor to score; the
    learner's mentors are told."""
    response, first = _submit(ref, prompt, actor, text, moment)
    if grading == MENTOR_ASSESSED:
        record_submission(ref, actor.anonymous_id)
    notification_events.response_submitted(ref, ref.place, prompt.text, response, first)
    reminders.watch_response(ref, ref.place, response)
    reminders.answered(ref.course_key, actor.anonymous_id)
    return response, first


@atomic_retrying
def _submit(ref: BlockRef, prompt, actor: Actor, text, moment: Moment | None = None) -> tuple[Response, bool]:
    text = text_of(text, MAX_RESPONSE_CHARS, "response")
    if not text:
        raise BadRequest("Write your response before submitting it.")
    words = word_count(text)
    if words < prompt.min_words:
        raise BadRequest(Np_("Your response has {words} words; this prompt asks for at least {n} word.",
                             "Your response has {words} words; this prompt asks for at least {n} words.",
                             prompt.min_words, words=words))
    now = timezone.now()
    _claim_post(ref, actor, now)
    parts = _moment_parts(moment)
    draft_moment = {f"draft_{k}": v for k, v in parts.items()}
    response, created = _own_row(ref, prompt, actor, text=text, draft=text, draft_saved_at=now, draft_version=1,
                                 awaiting_feedback=True, submitted_at=now, **draft_moment)
    if created:  # written whole by the insert, but for its first version
        history.add_version(response, text, now, moment)
        response.save(update_fields=["round_count", "round_at", "moment_segment", "moment_seconds"])
        return response, True
    first = response.submitted_at is None
    if not first and response.text == text and all(getattr(response, k) == v for k, v in parts.items()):
        return response, False
    for key, value in draft_moment.items():
        setattr(response, key, value)
    if response.draft != text:
        response.draft_version += 1  # a draft save from another device that has not seen this is stale
    response.text = response.draft = text
    response.draft_saved_at = now
    response.awaiting_feedback = True
    response.author_name = actor.name or response.author_name
    response.author_role = actor.role
    if first:
        response.submitted_at = now
    else:
        response.edited_at = now
        if response.review_status == "needs_revision":
            response.review_status = ""  # the revision goes back to the mentor's queue
    history.add_version(response, text, now, moment)
    response.save()
    return response, first


def post_reply(ref: BlockRef, prompt, actor: Actor, response_id, text, moment: Moment | None = None) -> Reply:
    """Reply to a response the actor may read, on its current version (the round it answers), with
    the moment of the clip it is about; the response's learner is told of a mentor's or staff reply."""
    reply = _post_reply(ref, prompt, actor, response_id, text, moment)
    notification_events.reply_posted(ref, ref.place, reply)
    return reply


@atomic_retrying
def _post_reply(ref: BlockRef, prompt, actor: Actor, response_id, text, moment: Moment | None = None) -> Reply:
    text = text_of(text, MAX_REPLY_CHARS, "reply")
    if not text:
        raise BadRequest("Write your reply before posting it.")
    whole_number(response_id, "response")
    now = timezone.now()
    _claim_post(ref, actor, now)
    response, _ = _readable_response(ref, lambda prompt_id: prompt if prompt_id == prompt.id else None, actor, response_id)
    if response.prompt_id != prompt.id:
        raise NotFound("That response does not belong to this prompt.")
    # The rule let a mentor this far only on a mentee's or their own response.
    role = {roles.STAFF: Reply.STAFF, roles.MENTOR: Reply.MENTOR}.get(actor.role, Reply.LEARNER)
    reply = Reply.objects.create(
        response=response, author_id=actor.anonymous_id, author_name=actor.name, author_role=role, text=text,
        version=history.current_version(response), **_moment_parts(moment),
    )
    Response.objects.filter(pk=response.pk).update(reply_count=F("reply_count") + 1)
    if role != Reply.LEARNER and response.learner_id != actor.anonymous_id:
        record_feedback(response, actor, now)
    return reply


def record_feedback(response: Response, actor: Actor, now, **changes) -> None:
    """A mentor or staff member answered: the response leaves the queue; the first answer sets turnaround."""
    Response.objects.filter(pk=response.pk, first_feedback_at__isnull=True).update(
        first_feedback_at=now,
        first_feedback_by=actor.anonymous_id,
        first_feedback_seconds=max((now - response.submitted_at).total_seconds(), 0.0),
    )
    Response.objects.filter(pk=response.pk).update(last_feedback_at=now, awaiting_feedback=False, **changes)
    reminders.feedback_given(response)


@atomic_retrying
def edit_reply(ref: BlockRef, prompts, actor: Actor, reply_id, text) -> Reply:
    text = text_of(text, MAX_REPLY_CHARS, "reply")
    if not text:
        raise BadRequest("A reply can't be empty; delete it instead.")
    whole_number(reply_id, "reply")
    now = timezone.now()
    _claim_post(ref, actor, now)
    reply, _ = _readable_reply(ref, prompts, actor, reply_id)
    if reply.author_id != actor.anonymous_id:
        raise Forbidden("You can only edit your own replies.")
    reply.text = text
    reply.edited_at = now
    reply.save(update_fields=["text", "edited_at"])
    return reply


@atomic_retrying
def delete_reply(ref: BlockRef, prompts, actor: Actor, reply_id) -> None:
    reply, response = _readable_reply(ref, prompts, actor, reply_id)
    if reply.author_id != actor.anonymous_id:
        raise Forbidden("You can only delete your own replies.")
    Flag.objects.filter(kind="reply", target_id=reply.pk).delete()
    reply.delete()
    Response.objects.filter(pk=response.pk, reply_count__gt=0).update(reply_count=F("reply_count") - 1)


def _readable_target(ref: BlockRef, prompts, actor: Actor, kind, target_id):
    """(item, its response), locked, if the actor may read the item; 404 otherwise."""
    if kind == "response":
        response, _ = _readable_response(ref, prompts, actor, target_id)
        return response, response
    if kind == "reply":
        return _readable_reply(ref, prompts, actor, target_id)
    raise BadRequest("The request must say whether it is about a response or a reply.")


def flag(ref: BlockRef, prompts, actor: Actor, kind, target_id, reason="") -> bool:
    """Report an item; returns False if this person had already flagged it. Programme staff and the
    thread learner's mentors are told of a new report."""
    created = _flag(ref, prompts, actor, kind, target_id, reason)
    if created:
        notification_events.reported(ref, ref.place, kind, target_id, reason or "", by=actor.anonymous_id)
    return created


@atomic_retrying
def _flag(ref: BlockRef, prompts, actor: Actor, kind, target_id, reason) -> bool:
    reason = text_of(reason or "", MAX_REASON_CHARS, "reason")
    item, response = _readable_target(ref, prompts, actor, kind, target_id)
    if getattr(item, "author_id", getattr(item, "learner_id", None)) == actor.anonymous_id:
        raise BadRequest(N_("You can't report your own {kind}.", kind=TEXT_NAMES.get(kind, kind)))
    try:
        with transaction.atomic():
            Flag.objects.create(
                kind=kind, target_id=item.pk, course_key=ref.course_key, flagger_id=actor.anonymous_id, reason=reason,
                thread_learner_id=response.learner_id, block_key=ref.block_key,
            )
    except IntegrityError:
        return False
    type(item).objects.filter(pk=item.pk).update(flag_count=F("flag_count") + 1)
    return True


def unflag(ref: BlockRef, actor: Actor, kind, target_id) -> bool:
    """Withdraw one's own report while no moderator has acted on it; returns whether one was
    withdrawn. Staff mail about the item that has not gone out yet is dropped with the last report."""

    if kind not in ("response", "reply"):
        raise BadRequest("The request must say whether it is about a response or a reply.")
    target = whole_number(target_id, kind)
    with transaction.atomic():
        mine = Flag.objects.select_for_update().filter(
            kind=kind, target_id=target, flagger_id=actor.anonymous_id, block_key=ref.block_key, resolved_at__isnull=True
        ).first()
        if mine is None:
            return False
        mine.delete()
        model = Response if kind == "response" else Reply
        model.objects.filter(pk=target, flag_count__gt=0).update(flag_count=F("flag_count") - 1)
        if not Flag.objects.filter(kind=kind, target_id=target, resolved_at__isnull=True).exists():
            Notification.objects.filter(
                course_key=ref.course_key, kind="report", item_key=f"report:{kind}:{target}", state="pending"
            ).delete()
    return True


