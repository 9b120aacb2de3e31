"""Reading reflections: the learner's own responses, the listing of others' responses a viewer
may read (reflection_access.readable), and their JSON shapes (docs/api.md)."""
from __future__ import annotations

from django.db.models import OuterRef, Prefetch, Q, Subquery, prefetch_related_objects

from ..core.moments import moment_of
from ..core.text import text_parts, word_count
from ..errors import Forbidden
from ..models import MentorProfile, Reply, Response
from .. import platform
from . import history, roles
from . import reflection_access as access
from .context import Actor, BlockRef
from .paging import page_number, page_of


def _mentor_name():
    """The display name of a reply's author when they are in the course's mentor pool (in the same query)."""
    return Subquery(
        MentorProfile.objects.filter(course_key=OuterRef("response__course_key"), mentor_id=OuterRef("author_id"))
        .values("display_name")[:1]
    )


def _author_name(reply: Reply) -> str:
    """People read mentors by the name on their card ("Ada Okafor"), not their username."""
    name = getattr(reply, "mentor_name", None)
    if name is None and reply.author_role == roles.MENTOR:  # a reply not loaded with replies_prefetch
        name = (
            MentorProfile.objects.filter(course_key=reply.response.course_key, mentor_id=reply.author_id)
            .values_list("display_name", flat=True).first()
        )
    return name or reply.author_name


def replies_prefetch(actor_is_moderator: bool, author_id: str = ""):
    """Moderators see hidden replies (marked); others see visible ones, and their own hidden ones
    marked with the moderator's reason, so an author learns that and why (never others' hidden ones)."""
    replies = Reply.objects.order_by("created_at", "pk").select_related("version").annotate(mentor_name=_mentor_name())
    if not actor_is_moderator:
        replies = replies.filter(Q(hidden=False) | Q(author_id=author_id)) if author_id else replies.filter(hidden=False)
    return Prefetch("replies", queryset=replies, to_attr="visible_replies")


def own_responses(ref: BlockRef, learner_id: str) -> dict[str, Response]:
    """The learner's responses in the block with their visible replies: one query, and one more
    for the replies when any response has some (reply_count counts every reply, hidden or not)."""

    rows = list(Response.objects.filter(block_key=ref.block_key, learner_id=learner_id))
    answered = [row for row in rows if row.reply_count]
    if answered:
        prefetch_related_objects(answered, replies_prefetch(False, learner_id))
    for row in rows:
        if not row.reply_count:
            row.visible_replies = []
    history.load_rounds(rows)
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
    listed = rows.order_by("-submitted_at", "-pk").prefetch_related(replies_prefetch(moderator, actor.anonymous_id))
    if moderator:  # mentors and staff read the whole conversation (docs/api.md "History")
        listed = listed.prefetch_related(history.rounds_prefetch())
    items, facts = page_of(listed, page, total)
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
        "round": reply.version.number if reply.version_id else None,
        "moment": moment_of(reply.moment_segment, reply.moment_seconds),
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
        "moment": moment_of(response.moment_segment, response.moment_seconds),
        "round": response.round_count,
    }
    if moderator:
        data.update(hidden=response.hidden, flag_count=response.flag_count)
    if moderator or data["mine"]:  # the author and their mentors read every round (docs/api.md "History")
        data["rounds"] = history.rounds_json(response, data["replies"])
    return data


def _reviewer_name(response: Response) -> str:
    """The reviewer as learners know them: a mentor by their card's name, anyone else by their username."""
    if not response.reviewed_by:
        return ""
    card = (MentorProfile.objects.filter(course_key=response.course_key, mentor_id=response.reviewed_by)
            .values_list("display_name", flat=True).first())
    return card or platform.username_of(response.course_key, response.reviewed_by) or ""


def own_response_json(response: Response | None, actor: Actor) -> dict:
    """The learner's own state for a prompt: draft, submission, feedback."""
    if response is None:
        return {"draft": "", "draft_version": 0, "draft_moment": None, "submitted": False, "response": None,
                "new_feedback": False, "hidden": False, "hidden_reason": ""}
    seen = response.feedback_seen_at
    new_feedback = bool(response.last_feedback_at and (seen is None or response.last_feedback_at > seen))
    return {
        "hidden": response.hidden,
        "hidden_reason": response.hidden_reason if response.hidden else "",
        "draft": response.draft,
        "draft_saved_at": _when(response.draft_saved_at),
        "draft_version": response.draft_version,
        "draft_moment": moment_of(response.draft_moment_segment, response.draft_moment_seconds),
        "submitted": response.is_submitted,
        "response": response_json(response, actor) if response.is_submitted else None,
        "review_status": response.review_status,
        "review_comment": response.review_comment,
        # Who reviewed, and when (issue 23: the comment showed neither).
        "reviewer": _reviewer_name(response) if response.review_status else "",
        "reviewed_at": _when(response.reviewed_at),
        "new_feedback": new_feedback,
        "feedback_seen_at": _when(seen),
    }
