"""Reflections: one function per operation, each with its visibility check and transaction.

Who may read what is one rule, in reflection_access: every listing is that rule, and every
action on an item first requires the item to be readable by that rule (404 otherwise).
Writes are transactions that survive many LMS processes on MySQL (see the lock order below).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.utils import timezone

from ..core.text import clean_text, text_parts, word_count
from ..core.messages import N_, Np_, number
from ..errors import BadRequest, Forbidden, NotFound, TooManyRequests
from ..models import Flag, MentorProfile, PostLog, PostQuota, Reply, Response
from . import reflection_access as access
from . import roles
from .db import atomic_retrying, get_or_create_locked
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


# What people call the texts they send (the refusals name them this way, translated).
TEXT_NAMES = {"response": N_("response"), "reply": N_("reply"), "reason": N_("reason"), "comment": N_("comment")}


def _text(value, limit: int, what: str) -> str:
    name = TEXT_NAMES.get(what, what)
    if not isinstance(value, str):
        raise BadRequest(N_("Your {what} must be text.", what=name))
    text = clean_text(value)
    if len(text) > limit:
        raise BadRequest(N_("Your {what} is {length} characters long; the limit is {limit}.", what=name,
                            length=number(len(text)), limit=number(limit)))
    return text


def _whole_number(value, what: str) -> int:
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


def _locked_response(ref: BlockRef, response_id) -> Response:
    response = Response.objects.select_for_update().filter(
        pk=_whole_number(response_id, "response"), block_key=ref.block_key
    ).first()
    if response is None:
        raise NotFound("That response does not exist in this block.")
    return response


def _locked_reply(ref: BlockRef, reply_id) -> tuple[Reply, Response]:
    # By primary key alone: a join would lock the response in the same statement, in an
    # order the optimiser picks. The block is checked on the response.
    reply = Reply.objects.select_for_update().filter(pk=_whole_number(reply_id, "reply")).first()
    response = reply and Response.objects.select_for_update().filter(pk=reply.response_id, block_key=ref.block_key).first()
    if response is None:
        raise NotFound("That reply does not exist in this block.")
    reply.response = response
    return reply, response


def _readable_response(ref: BlockRef, prompts, actor: Actor, response_id) -> tuple[Response, object]:
    """The response (locked) and its prompt, if the actor may read it; 404 otherwise."""
    response = _locked_response(ref, response_id)
    prompt = prompts(response.prompt_id)
    if not access.can_read(ref, prompt, actor, response):
        raise NotFound("That response does not exist in this block.")
    return response, prompt


def _readable_reply(ref: BlockRef, prompts, actor: Actor, reply_id) -> tuple[Reply, Response]:
    """The reply and its response (both locked), if the actor may read the reply; 404 otherwise."""
    reply, response = _locked_reply(ref, reply_id)
    if not access.can_read_reply(ref, prompts(response.prompt_id), actor, reply, response):
        raise NotFound("That reply does not exist in this block.")
    return reply, response


def _no_prompts(_prompt_id):
    return None  # callers that only moderate: the rule for moderators doesn't depend on the prompt


# --- writing ------------------------------------------------------------------------


@atomic_retrying
def save_draft(ref: BlockRef, prompt, actor: Actor, text) -> Response:
    text = _text(text, MAX_RESPONSE_CHARS, "response")
    response, _ = _own_row(ref, prompt, actor)
    response.draft = text
    response.draft_saved_at = timezone.now()
    response.save(update_fields=["draft", "draft_saved_at"])
    return response


def _own_row(ref: BlockRef, prompt, actor: Actor, **first_values):
    """(row, created): the actor's response row (locked), after every check; a new row is
    written with `first_values` at once. A learner is registered with the programme's
    learners in the same transaction, so a refusal registers nobody and a first post costs
    one commit, not two."""
    from .learners import register_learner

    lookup = dict(block_key=ref.block_key, prompt_id=prompt.id, learner_id=actor.anonymous_id)
    defaults = {"course_key": ref.course_key, "author_name": actor.name, "author_role": actor.role, **first_values}
    found = get_or_create_locked(Response, lookup, defaults)
    register_learner(ref.course_key, actor.anonymous_id, actor.name, actor.role)
    return found


@atomic_retrying
def submit_response(ref: BlockRef, prompt, actor: Actor, text) -> tuple[Response, bool]:
    """Submit (or edit) the actor's response; returns (response, first_submission)."""
    text = _text(text, MAX_RESPONSE_CHARS, "response")
    if not text:
        raise BadRequest("Write your response before submitting it.")
    words = word_count(text)
    if words < prompt.min_words:
        raise BadRequest(Np_("Your response has {words} words; this prompt asks for at least {n} word.",
                             "Your response has {words} words; this prompt asks for at least {n} words.",
                             prompt.min_words, words=words))
    now = timezone.now()
    _claim_post(ref, actor, now)
    response, created = _own_row(ref, prompt, actor, text=text, draft=text, draft_saved_at=now,
                                 awaiting_feedback=True, submitted_at=now)
    if created:  # written whole by the insert
        return response, True
    first = response.submitted_at is None
    if not first and response.text == text:
        return response, False
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
    response.save()
    return response, first


@atomic_retrying
def post_reply(ref: BlockRef, prompt, actor: Actor, response_id, text) -> Reply:
    text = _text(text, MAX_REPLY_CHARS, "reply")
    if not text:
        raise BadRequest("Write your reply before posting it.")
    _whole_number(response_id, "response")
    now = timezone.now()
    _claim_post(ref, actor, now)
    response, _ = _readable_response(ref, lambda prompt_id: prompt if prompt_id == prompt.id else None, actor, response_id)
    if response.prompt_id != prompt.id:
        raise NotFound("That response does not belong to this prompt.")
    # The rule let a mentor this far only on a mentee's or their own response.
    role = {roles.STAFF: Reply.STAFF, roles.MENTOR: Reply.MENTOR}.get(actor.role, Reply.LEARNER)
    reply = Reply.objects.create(
        response=response, author_id=actor.anonymous_id, author_name=actor.name, author_role=role, text=text
    )
    Response.objects.filter(pk=response.pk).update(reply_count=F("reply_count") + 1)
    if role != Reply.LEARNER and response.learner_id != actor.anonymous_id:
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


@atomic_retrying
def edit_reply(ref: BlockRef, prompts, actor: Actor, reply_id, text) -> Reply:
    text = _text(text, MAX_REPLY_CHARS, "reply")
    if not text:
        raise BadRequest("A reply can't be empty; delete it instead.")
    _whole_number(reply_id, "reply")
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


@atomic_retrying
def flag(ref: BlockRef, prompts, actor: Actor, kind, target_id, reason="") -> bool:
    """Report an item; returns False if this person had already flagged it."""
    reason = _text(reason or "", MAX_REASON_CHARS, "reason")
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
    from ..models import Notification

    if kind not in ("response", "reply"):
        raise BadRequest("The request must say whether it is about a response or a reply.")
    target = _whole_number(target_id, kind)
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


def _moderated_target(ref: BlockRef, prompts, actor: Actor, kind, target_id, refusal: str):
    """(item, its response), locked, for the author's mentors and staff (403 for others),
    if they may read it (404 otherwise: a draft, or a reply outside the block)."""
    if kind == "response":
        response = _locked_response(ref, target_id)
        item = response
    elif kind == "reply":
        item, response = _locked_reply(ref, target_id)
    else:
        raise BadRequest("The request must say whether it is about a response or a reply.")
    if not access.moderates(ref, actor, response):
        raise Forbidden(refusal)
    if not access.can_read(ref, prompts(response.prompt_id), actor, response):
        raise NotFound(N_("That {kind} does not exist in this block.", kind=TEXT_NAMES.get(kind, kind)))
    return item, response


@atomic_retrying
def set_hidden(ref: BlockRef, actor: Actor, kind, target_id, hidden, prompts=_no_prompts, reason=""):
    """Hide (with a reason the author is shown) or show an item; hiding resolves its open reports.
    Returns the item."""
    if not isinstance(hidden, bool):
        raise BadRequest("The request must say whether to hide the post (yes or no).")
    reason = _text(reason or "", MAX_REASON_CHARS, "reason")
    item, _ = _moderated_target(
        ref, prompts, actor, kind, target_id, "Only the learner's mentors and course staff can hide or show items."
    )
    apply_hidden(item, kind, actor, hidden, reason)
    return item


def apply_hidden(item, kind: str, actor: Actor, hidden: bool, reason: str = "") -> None:
    """Inside the caller's transaction, on a locked item the actor moderates (services/moderation.py too)."""
    now = timezone.now()
    item.hidden = hidden
    item.hidden_by = actor.anonymous_id if hidden else ""
    item.hidden_at = now if hidden else None
    item.hidden_reason = reason if hidden else ""
    item.save(update_fields=["hidden", "hidden_by", "hidden_at", "hidden_reason"])
    if hidden:
        resolve_reports(kind, item, actor, Flag.HIDDEN, now)


def resolve_reports(kind: str, item, actor: Actor, resolution: str, now) -> int:
    """Close the item's open reports; its flag_count counts open reports only."""
    closed = Flag.objects.filter(kind=kind, target_id=item.pk, resolved_at__isnull=True).update(
        resolved_at=now, resolved_by=actor.anonymous_id, resolution=resolution
    )
    type(item).objects.filter(pk=item.pk).update(flag_count=0)
    return closed


REVIEW_STATUSES = ("reviewed", "needs_revision")


@atomic_retrying
def review_response(ref: BlockRef, actor: Actor, response_id, status, comment="", prompts=_no_prompts) -> Response:
    """A mentor marks a response reviewed or asks for a revision, with a comment the learner sees."""
    if status not in REVIEW_STATUSES:
        raise BadRequest("Choose a review: reviewed, or ask for a revision.")
    comment = _text(comment or "", MAX_REPLY_CHARS, "comment")
    response, _ = _moderated_target(
        ref, prompts, actor, "response", response_id, "Only the learner's mentors and course staff can review responses."
    )
    now = timezone.now()
    _record_feedback(
        response, actor, now, review_status=status, review_comment=comment, reviewed_by=actor.anonymous_id, reviewed_at=now,
    )
    response.refresh_from_db()
    return response


def mark_feedback_seen(ref: BlockRef, actor: Actor, prompt) -> None:
    Response.objects.filter(block_key=ref.block_key, prompt_id=prompt.id, learner_id=actor.anonymous_id).update(
        feedback_seen_at=timezone.now()
    )


# --- reading ------------------------------------------------------------------------


def _mentor_name():
    """The display name of a reply's author when they are in the course's mentor pool (in the same query)."""
    return Subquery(
        MentorProfile.objects.filter(course_key=OuterRef("response__course_key"), mentor_id=OuterRef("author_id"))
        .values("display_name")[:1]
    )


def _author_name(reply: Reply) -> str:
    """People read mentors by the name on their card ("Ada Okafor"), not their username."""
    name = getattr(reply, "mentor_name", None)
    if name is None and reply.author_role == roles.MENTOR:  # a reply not loaded with _replies_prefetch
        name = (
            MentorProfile.objects.filter(course_key=reply.response.course_key, mentor_id=reply.author_id)
            .values_list("display_name", flat=True).first()
        )
    return name or reply.author_name


def _replies_prefetch(actor_is_moderator: bool, author_id: str = ""):
    """Moderators see hidden replies (marked); others see visible ones, and their own hidden ones
    marked with the moderator's reason, so an author learns that and why (never others' hidden ones)."""
    replies = Reply.objects.order_by("created_at", "pk").annotate(mentor_name=_mentor_name())
    if not actor_is_moderator:
        replies = replies.filter(Q(hidden=False) | Q(author_id=author_id)) if author_id else replies.filter(hidden=False)
    return Prefetch("replies", queryset=replies, to_attr="visible_replies")


def own_responses(ref: BlockRef, learner_id: str) -> dict[str, Response]:
    """The learner's responses in the block with their visible replies: one query, and one more
    for the replies when any response has some (reply_count counts every reply, hidden or not)."""
    from .page_reads import rows as page_rows

    rows = list(page_rows(Response, block_key=ref.block_key, learner_id=learner_id))
    answered = [row for row in rows if row.reply_count]
    if answered:
        prefetch_related_objects(answered, _replies_prefetch(False, learner_id))
    for row in rows:
        if not row.reply_count:
            row.visible_replies = []
    return {row.prompt_id: row for row in rows}


def list_responses(ref: BlockRef, prompt, actor: Actor, page) -> dict:
    """Others' responses the actor may read (reflection_access.readable), newest first,
    PAGE_SIZE a page, with replies.

    A constant number of queries whatever the number of responses: role, (own
    submission), count, one page, its replies.
    """
    page = page_number(page)
    if actor.role == roles.LEARNER:
        if prompt.visibility != "peers":
            raise Forbidden("Responses to this prompt are private between each learner and their mentors.")
        if not access.has_submitted(ref, prompt.id, actor.anonymous_id):
            raise Forbidden("Submit your own response to see what others wrote.")
    moderator = access.sees_hidden(actor)
    rows = access.readable(ref, actor, prompt.id, prompt.visibility).exclude(learner_id=actor.anonymous_id)
    total = rows.count()
    items, facts = page_of(rows.order_by("-submitted_at", "-pk").prefetch_related(_replies_prefetch(moderator, actor.anonymous_id)), page, total)
    return {"prompt_id": prompt.id, **facts, "responses": [response_json(row, actor, moderator) for row in items]}


# --- JSON shapes ----------------------------------------------------------------------


def _when(value):
    return value.isoformat() if value else None


def reply_json(reply: Reply, actor: Actor) -> dict:
    data = {
        "id": reply.pk,
        "author": _author_name(reply),
        "author_role": reply.author_role,
        "mine": reply.author_id == actor.anonymous_id,
        "text": reply.text,
        "text_parts": text_parts(reply.text),
        "created_at": _when(reply.created_at),
        "edited_at": _when(reply.edited_at),
    }
    if actor.role != roles.LEARNER:
        data["author_username"] = reply.author_name  # staff and mentors need it next to the name
    if reply.hidden:
        data["hidden"] = True
        if reply.author_id == actor.anonymous_id:
            data["hidden_reason"] = reply.hidden_reason
    return data


def response_json(response: Response, actor: Actor, moderator: bool = False) -> dict:
    replies = getattr(response, "visible_replies", None)
    if replies is None and not response.reply_count:  # reply_count counts every reply, hidden or not
        replies = []
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
        return {"draft": "", "submitted": False, "response": None, "new_feedback": False, "hidden": False,
                "hidden_reason": ""}
    seen = response.feedback_seen_at
    new_feedback = bool(response.last_feedback_at and (seen is None or response.last_feedback_at > seen))
    return {
        "hidden": response.hidden,
        "hidden_reason": response.hidden_reason if response.hidden else "",
        "draft": response.draft,
        "draft_saved_at": _when(response.draft_saved_at),
        "submitted": response.is_submitted,
        "response": response_json(response, actor) if response.is_submitted else None,
        "review_status": response.review_status,
        "review_comment": response.review_comment,
        "new_feedback": new_feedback,
        "feedback_seen_at": _when(seen),
    }
