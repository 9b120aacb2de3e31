"""Reflections: one function per operation, each with its visibility check and transaction.

Who may read a response:
- `mentor` prompts: the author, the author's mentors, course staff.
- `peers` prompts: also every learner who has submitted their own response to that prompt.
Hidden items disappear for learners and stay visible (marked) for mentors and staff.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from ..core.text import clean_text, text_parts, word_count
from ..errors import BadRequest, Forbidden, NotFound, TooManyRequests
from ..models import Flag, PostLog, Reply, Response
from . import roles
from .paging import page_number, page_of
from .progress import BlockRef

MAX_RESPONSE_CHARS = 10_000
MAX_REPLY_CHARS = 2_000
MAX_REASON_CHARS = 500
POSTS_PER_MINUTE = 10


@dataclass(frozen=True)
class Actor:
    """The viewer as the programme sees them in this course."""

    anonymous_id: str
    name: str
    role: str  # roles.LEARNER | roles.MENTOR | roles.STAFF


def actor_for(ref: BlockRef, viewer) -> Actor:
    if not viewer.is_authenticated:
        raise Forbidden("Sign in to take part.")
    return Actor(viewer.anonymous_id, viewer.username, roles.course_role(ref.course_key, viewer))


# --- checks -------------------------------------------------------------------------


def _text(value, limit: int, what: str) -> str:
    if not isinstance(value, str):
        raise BadRequest(f"'{what}' must be text.")
    text = clean_text(value)
    if len(text) > limit:
        raise BadRequest(f"Your {what} is {len(text):,} characters long; the limit is {limit:,}.")
    return text


def _rate_limit(ref: BlockRef, actor: Actor, now) -> None:
    recent = PostLog.objects.filter(
        author_id=actor.anonymous_id, course_key=ref.course_key, created_at__gte=now - timedelta(minutes=1)
    ).count()
    if recent >= POSTS_PER_MINUTE:
        raise TooManyRequests("You are posting very quickly. Please wait a minute, then try again.")
    PostLog.objects.create(course_key=ref.course_key, author_id=actor.anonymous_id)


def _has_submitted(ref: BlockRef, prompt_id: str, learner_id: str) -> bool:
    return Response.objects.filter(
        block_key=ref.block_key, prompt_id=prompt_id, learner_id=learner_id, submitted_at__isnull=False
    ).exists()


def can_read(ref: BlockRef, prompt, actor: Actor, response: Response) -> bool:
    """The one visibility rule for a response (and so for the replies under it)."""
    if response.learner_id == actor.anonymous_id:
        return True
    if actor.role == roles.STAFF:
        return response.is_submitted
    if actor.role == roles.MENTOR and roles.is_mentor_of(ref.course_key, actor.anonymous_id, response.learner_id):
        return response.is_submitted
    return (
        prompt.visibility == "peers"
        and response.is_submitted
        and not response.hidden
        and _has_submitted(ref, prompt.id, actor.anonymous_id)
    )


def _moderator(ref: BlockRef, actor: Actor, learner_id: str) -> bool:
    return actor.role == roles.STAFF or (
        actor.role == roles.MENTOR and roles.is_mentor_of(ref.course_key, actor.anonymous_id, learner_id)
    )


def _response(ref: BlockRef, response_id) -> Response:
    if not isinstance(response_id, int) or isinstance(response_id, bool):
        raise BadRequest("'response_id' must be a whole number.")
    try:
        return Response.objects.get(pk=response_id, block_key=ref.block_key)
    except Response.DoesNotExist as exc:
        raise NotFound("That response does not exist in this block.") from exc


def _reply(ref: BlockRef, reply_id) -> Reply:
    if not isinstance(reply_id, int) or isinstance(reply_id, bool):
        raise BadRequest("'reply_id' must be a whole number.")
    try:
        return Reply.objects.select_related("response").get(pk=reply_id, response__block_key=ref.block_key)
    except Reply.DoesNotExist as exc:
        raise NotFound("That reply does not exist in this block.") from exc


# --- writing ------------------------------------------------------------------------


def save_draft(ref: BlockRef, prompt, actor: Actor, text) -> Response:
    text = _text(text, MAX_RESPONSE_CHARS, "response")
    now = timezone.now()
    with transaction.atomic():
        response, _ = _own_row(ref, prompt, actor)
        response.draft = text
        response.draft_saved_at = now
        response.save(update_fields=["draft", "draft_saved_at"])
    return response


def _own_row(ref: BlockRef, prompt, actor: Actor):
    lookup = dict(block_key=ref.block_key, prompt_id=prompt.id, learner_id=actor.anonymous_id)
    try:
        with transaction.atomic():
            return Response.objects.select_for_update().get_or_create(
                **lookup, defaults={"course_key": ref.course_key, "author_name": actor.name}
            )
    except IntegrityError:  # a concurrent first save created it
        return Response.objects.select_for_update().get(**lookup), False


def submit_response(ref: BlockRef, prompt, actor: Actor, text) -> tuple[Response, bool]:
    """Submit (or edit) the actor's response; returns (response, first_submission)."""
    text = _text(text, MAX_RESPONSE_CHARS, "response")
    if not text:
        raise BadRequest("Write your response before submitting it.")
    words = word_count(text)
    if words < prompt.min_words:
        raise BadRequest(f"Your response has {words} words; this prompt asks for at least {prompt.min_words}.")
    now = timezone.now()
    with transaction.atomic():
        _rate_limit(ref, actor, now)
        response, _ = _own_row(ref, prompt, actor)
        first = response.submitted_at is None
        if not first and response.text == text:
            return response, False
        response.text = response.draft = text
        response.draft_saved_at = now
        response.awaiting_feedback = True
        response.author_name = actor.name or response.author_name
        if first:
            response.submitted_at = now
        else:
            response.edited_at = now
            if response.review_status == "needs_revision":
                response.review_status = ""  # the revision goes back to the mentor's queue
        response.save()
    return response, first


def post_reply(ref: BlockRef, prompt, actor: Actor, response_id, text) -> Reply:
    text = _text(text, MAX_REPLY_CHARS, "reply")
    if not text:
        raise BadRequest("Write your reply before posting it.")
    response = _response(ref, response_id)
    if response.prompt_id != prompt.id:
        raise NotFound("That response does not belong to this prompt.")
    if not can_read(ref, prompt, actor, response) or (response.hidden and not _moderator(ref, actor, response.learner_id)):
        raise Forbidden("You can't reply to this response.")
    now = timezone.now()
    if actor.anonymous_id == response.learner_id:
        role = Reply.LEARNER
    elif actor.role == roles.STAFF:
        role = Reply.STAFF
    elif actor.role == roles.MENTOR and roles.is_mentor_of(ref.course_key, actor.anonymous_id, response.learner_id):
        role = Reply.MENTOR
    else:
        role = Reply.LEARNER
    with transaction.atomic():
        _rate_limit(ref, actor, now)
        reply = Reply.objects.create(
            response=response, author_id=actor.anonymous_id, author_name=actor.name, author_role=role, text=text
        )
        Response.objects.filter(pk=response.pk).update(reply_count=F("reply_count") + 1)
        if role in (Reply.MENTOR, Reply.STAFF):
            _record_feedback(response, actor, now)
    return reply


def _record_feedback(response: Response, actor: Actor, now, **changes) -> None:
    """A mentor or staff member answered: the response leaves the queue; the first answer sets turnaround."""
    Response.objects.filter(pk=response.pk, first_feedback_at__isnull=True).update(
        first_feedback_at=now,
        first_feedback_by=actor.anonymous_id,
        first_feedback_seconds=max((now - response.submitted_at).total_seconds(), 0.0),
    )
    Response.objects.filter(pk=response.pk).update(last_feedback_at=now, awaiting_feedback=False, **changes)


def edit_reply(ref: BlockRef, actor: Actor, reply_id, text) -> Reply:
    text = _text(text, MAX_REPLY_CHARS, "reply")
    if not text:
        raise BadRequest("A reply can't be empty; delete it instead.")
    reply = _reply(ref, reply_id)
    if reply.author_id != actor.anonymous_id:
        raise Forbidden("You can only edit your own replies.")
    now = timezone.now()
    with transaction.atomic():
        _rate_limit(ref, actor, now)
        reply.text = text
        reply.edited_at = now
        reply.save(update_fields=["text", "edited_at"])
    return reply


def delete_reply(ref: BlockRef, actor: Actor, reply_id) -> None:
    reply = _reply(ref, reply_id)
    if reply.author_id != actor.anonymous_id:
        raise Forbidden("You can only delete your own replies.")
    with transaction.atomic():
        Response.objects.filter(pk=reply.response_id, reply_count__gt=0).update(reply_count=F("reply_count") - 1)
        Flag.objects.filter(kind="reply", target_id=reply.pk).delete()
        reply.delete()


def _target(ref: BlockRef, kind, target_id):
    if kind == "response":
        item = _response(ref, target_id)
        return item, item
    if kind == "reply":
        item = _reply(ref, target_id)
        return item, item.response
    raise BadRequest("'kind' must be 'response' or 'reply'.")


def flag(ref: BlockRef, prompts, actor: Actor, kind, target_id, reason="") -> bool:
    """Report an item; returns False if this person had already flagged it."""
    reason = _text(reason or "", MAX_REASON_CHARS, "reason")
    item, response = _target(ref, kind, target_id)
    prompt = prompts(response.prompt_id)
    if prompt is None or not can_read(ref, prompt, actor, response) or (item.hidden and actor.role == roles.LEARNER):
        raise NotFound(f"That {kind} does not exist in this block.")
    if getattr(item, "author_id", getattr(item, "learner_id", None)) == actor.anonymous_id:
        raise BadRequest(f"You can't flag your own {kind}.")
    try:
        with transaction.atomic():
            Flag.objects.create(kind=kind, target_id=item.pk, course_key=ref.course_key, flagger_id=actor.anonymous_id, reason=reason)
            type(item).objects.filter(pk=item.pk).update(flag_count=F("flag_count") + 1)
    except IntegrityError:
        return False
    return True


def set_hidden(ref: BlockRef, actor: Actor, kind, target_id, hidden) -> None:
    if not isinstance(hidden, bool):
        raise BadRequest("'hidden' must be true or false.")
    item, response = _target(ref, kind, target_id)
    if not _moderator(ref, actor, response.learner_id):
        raise Forbidden("Only the learner's mentors and course staff can hide or show items.")
    item.hidden = hidden
    item.hidden_by = actor.anonymous_id if hidden else ""
    item.hidden_at = timezone.now() if hidden else None
    item.save(update_fields=["hidden", "hidden_by", "hidden_at"])


REVIEW_STATUSES = ("reviewed", "needs_revision")


def review_response(ref: BlockRef, actor: Actor, response_id, status, comment="") -> Response:
    """A mentor marks a response reviewed or asks for a revision, with a comment the learner sees."""
    if status not in REVIEW_STATUSES:
        raise BadRequest("'status' must be 'reviewed' or 'needs_revision'.")
    comment = _text(comment or "", MAX_REPLY_CHARS, "comment")
    response = _response(ref, response_id)
    if not _moderator(ref, actor, response.learner_id):
        raise Forbidden("Only the learner's mentors and course staff can review responses.")
    if not response.is_submitted:
        raise BadRequest("Only submitted responses can be reviewed.")
    with transaction.atomic():
        _record_feedback(
            response, actor, timezone.now(), review_status=status, review_comment=comment,
            reviewed_by=actor.anonymous_id, reviewed_at=timezone.now(),
        )
    response.refresh_from_db()
    return response


def mark_feedback_seen(ref: BlockRef, actor: Actor, prompt) -> None:
    Response.objects.filter(block_key=ref.block_key, prompt_id=prompt.id, learner_id=actor.anonymous_id).update(
        feedback_seen_at=timezone.now()
    )


# --- reading ------------------------------------------------------------------------


def _replies_prefetch(actor_is_moderator: bool):
    replies = Reply.objects.order_by("created_at", "pk")
    if not actor_is_moderator:
        replies = replies.filter(hidden=False)
    return Prefetch("replies", queryset=replies, to_attr="visible_replies")


def own_responses(ref: BlockRef, learner_id: str) -> dict[str, Response]:
    """The learner's responses in the block with their visible replies: two queries."""
    rows = (
        Response.objects.filter(block_key=ref.block_key, learner_id=learner_id)
        .prefetch_related(_replies_prefetch(False))
    )
    return {row.prompt_id: row for row in rows}


def list_responses(ref: BlockRef, prompt, actor: Actor, page) -> dict:
    """Others' responses the actor may read, newest first, PAGE_SIZE a page, with replies.

    A constant number of queries whatever the number of responses: role, (own
    submission), count, one page, its replies.
    """
    page = page_number(page)
    rows = Response.objects.filter(block_key=ref.block_key, prompt_id=prompt.id, submitted_at__isnull=False)
    moderator = actor.role in (roles.STAFF, roles.MENTOR)
    if actor.role == roles.STAFF:
        pass
    elif actor.role == roles.MENTOR:
        rows = rows.filter(learner_id__in=roles.mentee_ids(ref.course_key, actor.anonymous_id))
    elif prompt.visibility != "peers":
        raise Forbidden("Responses to this prompt are private between each learner and their mentors.")
    elif not _has_submitted(ref, prompt.id, actor.anonymous_id):
        raise Forbidden("Submit your own response to see what others wrote.")
    else:
        rows = rows.filter(hidden=False)
    rows = rows.exclude(learner_id=actor.anonymous_id)
    total = rows.count()
    items, facts = page_of(rows.order_by("-submitted_at", "-pk").prefetch_related(_replies_prefetch(moderator)), page, total)
    return {"prompt_id": prompt.id, **facts, "responses": [response_json(row, actor, moderator) for row in items]}


# --- JSON shapes ----------------------------------------------------------------------


def _when(value):
    return value.isoformat() if value else None


def reply_json(reply: Reply, actor: Actor) -> dict:
    data = {
        "id": reply.pk,
        "author": reply.author_name,
        "author_role": reply.author_role,
        "mine": reply.author_id == actor.anonymous_id,
        "text": reply.text,
        "text_parts": text_parts(reply.text),
        "created_at": _when(reply.created_at),
        "edited_at": _when(reply.edited_at),
    }
    if reply.hidden:
        data["hidden"] = True
    return data


def response_json(response: Response, actor: Actor, moderator: bool = False) -> dict:
    replies = getattr(response, "visible_replies", None)
    if replies is None:
        replies = list(response.replies.order_by("created_at", "pk")) if moderator else list(
            response.replies.filter(hidden=False).order_by("created_at", "pk")
        )
    data = {
        "id": response.pk,
        "prompt_id": response.prompt_id,
        "author": response.author_name,
        "mine": response.learner_id == actor.anonymous_id,
        "text": response.text,
        "text_parts": text_parts(response.text),
        "word_count": word_count(response.text),
        "submitted_at": _when(response.submitted_at),
        "edited_at": _when(response.edited_at),
        "replies": [reply_json(reply, actor) for reply in replies],
        "reply_count": len(replies),
    }
    if moderator:
        data.update(hidden=response.hidden, flag_count=response.flag_count)
    return data


def own_response_json(response: Response | None, actor: Actor) -> dict:
    """The learner's own state for a prompt: draft, submission, feedback."""
    if response is None:
        return {"draft": "", "submitted": False, "response": None, "new_feedback": False}
    seen = response.feedback_seen_at
    new_feedback = bool(response.last_feedback_at and (seen is None or response.last_feedback_at > seen))
    return {
        "draft": response.draft,
        "draft_saved_at": _when(response.draft_saved_at),
        "submitted": response.is_submitted,
        "response": response_json(response, actor) if response.is_submitted else None,
        "review_status": response.review_status,
        "review_comment": response.review_comment,
        "new_feedback": new_feedback,
    }
