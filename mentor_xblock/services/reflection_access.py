"""Who may read a response or a reply: the one rule behind every listing and every action.

An actor may act on an item (reply, flag, edit or delete their reply, hide, review) only if
the item is in what they may read; listings are this same queryset minus the actor's own
items. So "can I see it" and "can I act on it" cannot drift apart.

Readable submitted responses to a prompt (drafts are never readable, not even by their author
here: the author edits a draft through their own state, and nobody replies to it):
- staff: all, hidden included;
- mentors: their current mentees' and their own, hidden included (a mentor is not a learner);
- learners: their own unless hidden; on a `peers` prompt, once they have submitted their own,
  also other learners' (author_role "learner") responses that are not hidden.
Replies follow their response; hidden replies are readable by mentors and staff only.
Moderation (hide, review) is for staff and the author's mentors, on readable responses.
"""
from __future__ import annotations

from django.db.models import Q

from ..models import Reply, Response
from . import roles
from .context import BlockRef

PRIVATE = "mentor"  # the visibility of a prompt no longer in the block: nothing is shared


def has_submitted(ref: BlockRef, prompt_id: str, learner_id: str) -> bool:
    return Response.objects.filter(
        block_key=ref.block_key, prompt_id=prompt_id, learner_id=learner_id, submitted_at__isnull=False
    ).exists()


def readable(ref: BlockRef, actor, prompt_id: str, visibility: str = PRIVATE):
    """The submitted responses to one prompt that `actor` may read, their own included."""
    rows = Response.objects.filter(block_key=ref.block_key, prompt_id=prompt_id, submitted_at__isnull=False)
    own = Q(learner_id=actor.anonymous_id)
    if actor.role == roles.STAFF:
        return rows
    if actor.role == roles.MENTOR:
        return rows.filter(own | Q(learner_id__in=roles.mentee_ids(ref.course_key, actor.anonymous_id)))
    rows = rows.filter(hidden=False)
    if visibility == "peers" and has_submitted(ref, prompt_id, actor.anonymous_id):
        return rows.filter(own | Q(author_role=roles.LEARNER))
    return rows.filter(own)


def sees_hidden(actor) -> bool:
    """Mentors and staff see hidden items (marked) among what they may read; learners don't."""
    return actor.role != roles.LEARNER


def can_read(ref: BlockRef, prompt, actor, response: Response) -> bool:
    """Is this response in `readable`? Asked of the database, so it is the listing's rule exactly."""
    visibility = prompt.visibility if prompt is not None else PRIVATE
    return readable(ref, actor, response.prompt_id, visibility).filter(pk=response.pk).exists()


def can_read_reply(ref: BlockRef, prompt, actor, reply: Reply, response: Response) -> bool:
    return (not reply.hidden or sees_hidden(actor)) and can_read(ref, prompt, actor, response)


def moderates(ref: BlockRef, actor, response: Response) -> bool:
    """Staff, and the author's current mentors, may hide and review the author's items."""
    if actor.role == roles.STAFF:
        return True
    return actor.role == roles.MENTOR and roles.is_mentor_of(ref.course_key, actor.anonymous_id, response.learner_id)
