"""Moderation that finishes: reported items with their reports, and hide / unhide / dismiss.

Course-wide, like the programme: staff moderate every item of the course; a mentor moderates
the items in their current mentees' threads (a mentee's response and the replies under it),
which is the same rule as reflection_access.moderates. Hiding takes a reason the author is
shown; hiding or dismissing resolves the item's open reports (they stay as history).
"""
from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Max, Min
from django.utils import timezone

from ..core.messages import N_, number
from ..core.text import clean_text, text_parts
from ..errors import BadRequest, Forbidden, NotFound
from ..models import Flag, Reply, Response
from . import notification_events, roles
from . import reflection_access as access
from .context import Actor, BlockRef
from .db import atomic_retrying
from .paging import page_of
from .posting import MAX_REASON_CHARS, TEXT_NAMES

ACTIONS = ("hide", "unhide", "dismiss")


def _open_flags(course_key: str, actor: Actor):
    flags = Flag.objects.filter(course_key=course_key, resolved_at__isnull=True)
    if actor.role == roles.STAFF:
        return flags
    if actor.role == roles.MENTOR:
        return flags.filter(thread_learner_id__in=roles.mentee_ids(course_key, actor.anonymous_id))
    raise Forbidden("Only mentors (for their mentees) and course staff see reported items.")


def reported_items(course_key: str, actor: Actor, page: int = 1) -> dict:
    """One page of reported items, the oldest report first, each with its open reports and reasons.
    A fixed number of queries: count, page of items, their responses, their replies, their reports."""
    grouped = (
        _open_flags(course_key, actor).values("kind", "target_id")
        .annotate(reports=Count("pk"), first=Min("created_at"), last=Max("created_at"))
    )
    total = grouped.count()
    rows, paging = page_of(grouped.order_by("first", "kind", "target_id"), page, total)
    ids = defaultdict(list)
    for row in rows:
        ids[row["kind"]].append(row["target_id"])
    replies = {r.pk: r for r in Reply.objects.filter(pk__in=ids["reply"])}
    responses = {r.pk: r for r in Response.objects.filter(pk__in=ids["response"] + [r.response_id for r in replies.values()])}
    reasons = defaultdict(list)
    for flag in _open_flags(course_key, actor).filter(target_id__in=ids["response"] + ids["reply"]).order_by("created_at", "pk"):
        reasons[(flag.kind, flag.target_id)].append({"reason": flag.reason, "created_at": flag.created_at.isoformat()})
    items = []
    for row in rows:
        kind, target = row["kind"], row["target_id"]
        item = replies.get(target) if kind == "reply" else responses.get(target)
        response = responses.get(item.response_id) if kind == "reply" and item else item
        if item is None or response is None:
            continue  # deleted since it was reported
        items.append({
            "kind": kind, "id": target, "author": item.author_name, "text": item.text, "text_parts": text_parts(item.text),
            "hidden": item.hidden, "hidden_reason": item.hidden_reason, "prompt_id": response.prompt_id,
            "response_id": response.pk, "block_key": response.block_key, "learner": response.author_name,
            "report_count": row["reports"], "reports": reasons[(kind, target)], "first_reported_at": row["first"].isoformat(),
        })
    return {"items": items, **paging}


def _locked_item(ref: BlockRef, kind, target_id):
    """(item, its response), locked in the reflections' lock order (reply, then response); drafts too,
    so that the reading rule, not the lookup, is what refuses them."""
    if kind not in ("response", "reply"):
        raise BadRequest("The request must say whether it is about a response or a reply.")
    if isinstance(target_id, bool) or not isinstance(target_id, int):
        raise BadRequest("The request must identify the post by its number.")
    if kind == "reply":
        item = Reply.objects.select_for_update().filter(pk=target_id).first()
        response = item and Response.objects.select_for_update().filter(pk=item.response_id,
                                                                         course_key=ref.course_key).first()
    else:
        item = response = Response.objects.select_for_update().filter(pk=target_id, course_key=ref.course_key).first()
    if item is None or response is None:
        raise NotFound(N_("That {kind} does not exist in this course.", kind=TEXT_NAMES.get(kind, kind)))
    return item, response


@atomic_retrying
def _moderate(ref: BlockRef, actor: Actor, kind, target_id, action, reason) -> tuple[object, bool]:
    """(the item, whether its author is to be told it is hidden)."""
    if action not in ACTIONS:
        raise BadRequest("Choose to hide the post, show it again, or dismiss the reports.")
    if not isinstance(reason, str):
        raise BadRequest("The reason must be text.")
    reason = clean_text(reason)
    if len(reason) > MAX_REASON_CHARS:
        raise BadRequest(N_("The reason is {length} characters long; the limit is {limit}.", length=number(len(reason)),
                            limit=number(MAX_REASON_CHARS)))
    if actor.role not in (roles.STAFF, roles.MENTOR):
        raise Forbidden("Only the learner's mentors and course staff can moderate.")
    item, response = _locked_item(ref, kind, target_id)
    thread = BlockRef(course_key=response.course_key, block_key=response.block_key)
    if not access.moderates(thread, actor, response):
        raise Forbidden("Only the learner's mentors and course staff can moderate.")
    # The one reading rule: a moderator acts only on what they may read (never a draft).
    if not access.can_read(thread, None, actor, response) or (kind == "reply" and not access.can_read_reply(
            thread, None, actor, item, response)):
        raise NotFound(N_("That {kind} does not exist in this course.", kind=TEXT_NAMES.get(kind, kind)))
    told = action == "hide" and (not item.hidden or item.hidden_reason != reason)  # a new reason is told too
    if action == "dismiss":
        resolve_reports(kind, item, actor, Flag.DISMISSED, timezone.now())
    else:
        apply_hidden(item, kind, actor, action == "hide", reason)
    return item, told


def moderate(ref: BlockRef, actor: Actor, kind, target_id, action, reason="") -> object:
    """hide (with a reason shown to the author), unhide, or dismiss the reports of a response or
    reply anywhere in the course: the one moderation path (the `moderate` and `hide` handlers).
    The author of a hidden item is told why (again when the reason changes). Returns the item."""
    item, told = _moderate(ref, actor, kind, target_id, action, reason)
    if told:
        notification_events.hidden(ref, ref.place, kind, item, by=actor.anonymous_id)
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
