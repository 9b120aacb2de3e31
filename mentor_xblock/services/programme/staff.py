"""Staff operations: the mentor pool, manual assignment, change requests, the staff overview.

Each function checks the actor is programme staff, validates everything, then writes in
one transaction, so a refusal changes nothing. The learner's limit is the course's
effective mentors_per_learner (see settings.py).
"""
from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from ... import platform
from ...core import why as why_codes
from ...core.content import TAG_PATTERN, parse_tags
from ...core.messages import N_
from ...core.text import clean_text
from ...errors import BadRequest, Conflict, NotFound, require
from ...models import Assignment, ChangeRequest, Flag, LearnerProfile, MentorProfile, Notification
from .. import notification_events
from ..context import Actor, BlockRef
from ..db import retrying
from ..moderation import reported_items
from ..notifications import outbox_page
from ..paging import PAGE_SIZE, page_number, paging
from .learner import MAX_REASON_CHARS, own_assignment, pool_mentor
from .pairing import Lost, add, add_or_refuse, end_locked, fill, lock_learner, refused, require_staff
from .reading import mentor_json
from .settings import Settings, course_settings
from .waiting import fill_waiting

MAX_MENTOR_TAGS = 20
MAX_BIO_CHARS = 2000
MAX_CAPACITY = 1000


def resolve_change_request(ref: BlockRef, actor: Actor, settings: Settings, request_id, approve, note="",
                           mentor_id=None) -> dict:
    """Approve (ending the current pairing, optionally assigning `mentor_id`) or decline a request.
    The learner hears the outcome once (with the note and who their mentor is now); the old and
    the new mentor hear about their own pairing."""
    course_key = ref.course_key
    require_staff(course_key, actor)
    if isinstance(request_id, bool) or not isinstance(request_id, int):
        raise BadRequest("The request must identify the change request by its number.")
    if not isinstance(approve, bool):
        raise BadRequest("Choose to approve or decline the change request.")
    if not isinstance(note, str) or len(note) > MAX_REASON_CHARS:
        raise BadRequest(N_("The note must be text of at most {limit} characters.", limit=MAX_REASON_CHARS))
    change = ChangeRequest.objects.filter(pk=request_id, course_key=course_key).select_related("assignment").first()
    if change is None:
        raise NotFound("There is no such change request in this course.")
    mentor = pool_mentor(course_key, mentor_id) if (approve and mentor_id is not None) else None
    now = timezone.now()

    def resolve():
        with transaction.atomic():
            learner = lock_learner(course_key, change.learner_id)
            status = ChangeRequest.APPROVED if approve else ChangeRequest.DECLINED
            if not ChangeRequest.objects.filter(pk=change.pk, status=ChangeRequest.PENDING).update(
                status=status, resolved_at=now, resolved_by=actor.anonymous_id, note=clean_text(note)
            ):
                raise Conflict("That request has already been resolved.")
            ended = None
            if approve and change.assignment is not None and change.assignment.active:
                end_locked(change.assignment, learner, actor.anonymous_id, f"change request: {change.reason}", now)
                ended = change.assignment
            made = None
            if mentor is not None:
                try:
                    made = add(course_key, learner.learner_id, mentor.pk, settings.mentors_per_learner, "change",
                               actor.anonymous_id, "change request approved", why=why_codes.CHANGE)
                except Lost as lost:
                    raise refused(lost) from None
            return ended, made

    ended, made = retrying(resolve)
    extra = []
    if approve and made is None and settings.strategy == "auto":
        profile = LearnerProfile.objects.get(course_key=course_key, learner_id=change.learner_id)
        extra = fill(course_key, profile, settings.mentors_per_learner, "change", actor.anonymous_id,
                     why=why_codes.CHANGE)
    assigned = [made] if made else extra
    change.refresh_from_db()
    # The truth for the learner: approved without a new mentor, is anyone free at all?
    no_places = approve and not assigned and not free_mentors(course_key, change.learner_id).exists()
    notification_events.ended(ref, ref.place, ended, "", learner=False, by=actor.anonymous_id)
    notification_events.assigned(ref, ref.place, assigned, learner=False, by=actor.anonymous_id)
    notification_events.change_resolved(ref, ref.place, change, ", ".join(a.mentor.display_name for a in assigned),
                                        no_places)
    if ended is not None:  # the old mentor's place goes to whoever waits longest
        fill_waiting(ref, settings, actor.anonymous_id)
    return {"request_id": change.pk, "learner_id": change.learner_id, "approved": approve, "change": change,
            "ended": ended, "assigned": assigned, "no_places": no_places}


FREE_MENTORS_SHOWN = 50


def free_mentors(course_key: str, learner_id: str = ""):
    """Active mentors with a free place (never the learner themselves), the most free first."""
    rows = MentorProfile.objects.filter(course_key=course_key, active=True, load__lt=F("capacity"))
    if learner_id:
        rows = rows.exclude(mentor_id=learner_id)
    # capacity - load, never load - capacity: the columns are unsigned on MySQL, and only rows with
    # load < capacity get here, so this difference is positive.
    return rows.order_by((F("capacity") - F("load")).desc(), "display_name", "pk")


def _free_mentors_json(course_key: str) -> list[dict]:
    """What staff pick from when they approve a change or reassign: one query, at most FREE_MENTORS_SHOWN."""
    return [
        {"id": row.pk, "display_name": row.display_name, "free": row.free, "load": row.load, "capacity": row.capacity,
         "tags": list(row.tags)}
        for row in free_mentors(course_key)[:FREE_MENTORS_SHOWN]
    ]


def _mentor_fields(data: dict) -> dict:
    fields = {}
    name = data.get("display_name")
    if not isinstance(name, str) or not clean_text(name) or len(clean_text(name)) > 200:
        raise BadRequest("Give the mentor's name (at most 200 characters).")
    fields["display_name"] = clean_text(name)
    bio = data.get("bio", "")
    if not isinstance(bio, str) or len(clean_text(bio)) > MAX_BIO_CHARS:
        raise BadRequest(N_("The mentor's introduction must be text of at most {limit} characters.", limit=MAX_BIO_CHARS))
    fields["bio"] = clean_text(bio)
    tags = data.get("tags", [])
    if not isinstance(tags, (list, str)) or (isinstance(tags, list) and not all(isinstance(t, str) for t in tags)):
        raise BadRequest("Give the topics as a list or as text separated by commas.")
    tags = parse_tags(tags)
    bad = [tag for tag in tags if not TAG_PATTERN.match(tag)]
    if bad or len(tags) > MAX_MENTOR_TAGS:
        raise BadRequest(N_("Give at most {limit} topics, each 1-40 lowercase letters, digits, spaces, hyphens or underscores.",
                            limit=MAX_MENTOR_TAGS))
    fields["tags"] = tags
    capacity = data.get("capacity", 10)
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not 0 <= capacity <= MAX_CAPACITY:
        raise BadRequest(N_("The number of mentees must be a whole number from 0 to {limit}.", limit=MAX_CAPACITY))
    fields["capacity"] = capacity
    active = data.get("active", True)
    if not isinstance(active, bool):
        raise BadRequest("The request must say whether the mentor takes learners (yes or no).")
    fields["active"] = active
    url = data.get("contact_url") or ""
    if not isinstance(url, str) or len(url) > 500:
        raise BadRequest("The contact link must be a web address of at most 500 characters.")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise BadRequest("The contact link must be a web address starting with http:// or https://.") from None
    fields["contact_url"] = url
    return fields


def save_mentor(ref: BlockRef, actor: Actor, user_service, data: dict,
                settings: Settings | None = None) -> tuple[MentorProfile, bool]:
    """Create or update the mentor profile of `username`, a user with course staff access (the platform
    says who); `load` is never written here (capacity may drop below it). A place that opens (a new
    active mentor, capacity raised, the mentor active again) goes to the learners who wait (waiting.py;
    `settings`: the course's effective ones, else its recorded blocks')."""
    course_key = ref.course_key
    require_staff(course_key, actor)  # before looking anyone up
    username = require(data, "username", max_length=150).strip()
    mentor_id = platform.staff_anonymous_id(user_service, username, course_key)
    if mentor_id is None:
        raise BadRequest(N_("{username} is not a user with course staff access; only course staff can be mentors.",
                            username=username))
    fields = _mentor_fields(data)
    fields["username"] = username[:150]
    mine = MentorProfile.objects.filter(course_key=course_key, mentor_id=mentor_id)

    def write():  # one retried transaction: the row is locked by pairings in other processes too
        with transaction.atomic():
            before = mine.select_for_update().values("capacity", "active").first()
            if before is not None:
                mine.update(**fields, updated_at=timezone.now())
                return before, False
            try:
                with transaction.atomic():
                    MentorProfile.objects.create(course_key=course_key, mentor_id=mentor_id, **fields)
                    return None, True
            except IntegrityError:  # saved in parallel: apply ours on top
                mine.update(**fields, updated_at=timezone.now())
                return {"capacity": 0, "active": False}, False

    before, created = retrying(write)
    profile = mine.get()
    opened = before is None or not before["active"] or profile.capacity > before["capacity"]
    if opened and profile.active and profile.load < profile.capacity:
        fill_waiting(ref, settings or course_settings(course_key), actor.anonymous_id)
    return profile, created


def _learner_ref(course_key: str, data: dict) -> LearnerProfile:
    lookup = {"course_key": course_key}
    if isinstance(data.get("learner_id"), str) and data["learner_id"]:
        lookup["learner_id"] = data["learner_id"]
    elif isinstance(data.get("username"), str) and data["username"]:
        lookup["username"] = data["username"]
    else:
        raise BadRequest("Name the learner by 'learner_id' or 'username'.")
    profile = LearnerProfile.objects.filter(**lookup).first()
    if profile is None:
        raise NotFound("That learner has not joined the programme in this course yet.")
    return profile


def assign(ref: BlockRef, actor: Actor, settings: Settings, data: dict) -> tuple[Assignment, Assignment | None]:
    """Staff pair a learner with a mentor; with 'replace' (an assignment id) it is a reassignment.
    The learner keeps to the course's mentors_per_learner; a mentor is never their own mentor.
    Both pairings' people are told."""
    course_key = ref.course_key
    require_staff(course_key, actor)
    profile = _learner_ref(course_key, data)
    mentor = pool_mentor(course_key, data.get("mentor_id"))
    reason = data.get("reason", "")
    if not isinstance(reason, str) or len(reason) > 500:
        raise BadRequest("The reason must be text of at most 500 characters.")
    old = None
    if data.get("replace") is not None:
        old = own_assignment(course_key, profile.learner_id, data["replace"])
    made = add_or_refuse(
        course_key, profile.learner_id, mentor.pk, settings.mentors_per_learner, "manual",
        by=actor.anonymous_id, reason=clean_text(reason), replace=old, end_reason="reassigned by staff", why=why_codes.STAFF,
    )
    notification_events.ended(ref, ref.place, old, "", by=actor.anonymous_id)
    notification_events.assigned(ref, ref.place, [made], by=actor.anonymous_id)
    if old is not None:  # the old mentor's place goes to whoever waits longest
        fill_waiting(ref, settings, actor.anonymous_id)
    return made, old


def end_assignment(ref: BlockRef, actor: Actor, assignment_id, reason="", settings: Settings | None = None) -> Assignment:
    """Staff end a pairing (the row stays as history); both sides are told. The freed place goes to the
    learners who wait (waiting.py; `settings`: the course's effective ones, else its recorded blocks')."""
    course_key = ref.course_key
    require_staff(course_key, actor)
    if isinstance(assignment_id, bool) or not isinstance(assignment_id, int):
        raise BadRequest("The request must identify the pairing by its number.")
    if not isinstance(reason, str) or len(reason) > 500:
        raise BadRequest("The reason must be text of at most 500 characters.")
    assignment = Assignment.objects.filter(pk=assignment_id, course_key=course_key).first()
    if assignment is None:
        raise NotFound("There is no such assignment in this course.")

    def run():
        with transaction.atomic():
            learner = lock_learner(course_key, assignment.learner_id)
            end_locked(assignment, learner, actor.anonymous_id, clean_text(reason) or "ended by staff", timezone.now())

    retrying(run)
    assignment.refresh_from_db()
    notification_events.ended(ref, ref.place, assignment, assignment.end_reason, by=actor.anonymous_id)
    fill_waiting(ref, settings or course_settings(course_key), actor.anonymous_id)
    return assignment


def programme_page(ref: BlockRef, actor: Actor, listing: str = "mentors", page=1, settings: Settings | None = None) -> dict:
    """Staff overview: counts, and one page of mentors, learners or pending change requests.

    A learner is waiting while they have fewer mentors than they want and than the course allows."""
    course_key = ref.course_key
    require_staff(course_key, actor)
    page = page_number(page)
    start, stop = (page - 1) * PAGE_SIZE, page * PAGE_SIZE
    pool = MentorProfile.objects.filter(course_key=course_key)
    waiting = LearnerProfile.objects.filter(
        course_key=course_key, joined_at__isnull=False, mentor_count__lt=F("mentors_wanted")
    )
    if settings is not None:
        waiting = waiting.filter(mentor_count__lt=settings.mentors_per_learner)
    totals = pool.filter(active=True).aggregate(mentors=Count("pk"), capacity=Sum("capacity"), load=Sum("load"))
    summary = {
        "active_mentors": totals["mentors"] or 0,
        "free_places": max((totals["capacity"] or 0) - (totals["load"] or 0), 0),
        "learners_waiting": waiting.count(),
        "pending_changes": ChangeRequest.objects.filter(course_key=course_key, status=ChangeRequest.PENDING).count(),
        "open_reports": Flag.objects.filter(course_key=course_key, resolved_at__isnull=True).values("kind", "target_id")
        .distinct().count(),
        "mail_failed": Notification.objects.filter(course_key=course_key, state=Notification.FAILED).count(),
    }
    extra = {}
    if listing == "mentors":
        rows = pool.order_by("display_name", "pk")
        items = [
            {**mentor_json(row), "username": row.username, "mentor_id": row.mentor_id, "active": row.active}
            for row in rows[start:stop]
        ]
        total = pool.count()
    elif listing in ("learners", "unassigned"):
        learners = LearnerProfile.objects.filter(course_key=course_key).order_by("username", "pk")
        if listing == "unassigned":
            learners = waiting.order_by("username", "pk")
        rows = list(learners[start:stop])
        current = defaultdict(list)
        for assignment in Assignment.objects.filter(
            course_key=course_key, active=True, learner_id__in=[row.learner_id for row in rows]
        ).select_related("mentor"):
            current[assignment.learner_id].append(
                {"assignment_id": assignment.pk, "mentor_id": assignment.mentor_id,
                 "mentor": assignment.mentor.display_name, "method": assignment.method,
                 "why": assignment.why, "why_rank": assignment.why_rank}
            )
        items = [
            {"learner_id": row.learner_id, "username": row.username, "interests": row.interests,
             "mentors_wanted": row.mentors_wanted, "mentors": current[row.learner_id]}
            for row in rows
        ]
        total = learners.count()
        extra["free_mentors"] = _free_mentors_json(course_key)  # for "reassign"
    elif listing == "requests":
        queue = ChangeRequest.objects.filter(course_key=course_key, status=ChangeRequest.PENDING).order_by("created_at", "pk")
        rows = list(queue.select_related("assignment__mentor")[start:stop])
        names = dict(
            LearnerProfile.objects.filter(course_key=course_key, learner_id__in=[r.learner_id for r in rows])
            .values_list("learner_id", "username")
        )
        items = [
            {"id": row.pk, "learner_id": row.learner_id, "username": names.get(row.learner_id, ""),
             "reason": row.reason, "created_at": row.created_at.isoformat(), "assignment_id": row.assignment_id,
             "mentor": row.assignment.mentor.display_name if row.assignment else None,
             "mentor_profile_id": row.assignment.mentor_id if row.assignment else None}
            for row in rows
        ]
        total = queue.count()
        # Approving offers these (minus the learner's current mentor); none means approving leaves the
        # learner without a mentor until a place frees up, and the dashboard says so first.
        extra["free_mentors"] = _free_mentors_json(course_key)
    elif listing == "flags":
        found = reported_items(course_key, Actor(actor.anonymous_id, actor.name, "staff"), page)
        items, total = found["items"], found["total"]
    elif listing == "mail":
        found = outbox_page(course_key, start, stop)
        items, total = found.pop("items"), found.pop("total")
        extra["mail"] = found
    else:
        raise BadRequest("There is no such list in the programme dashboard.")
    # Every list's paging facts, `pages` included: the dashboard's pager reads them (common.js pager).
    return {"summary": summary, "list": listing, "items": items, **paging(page, total), **extra}
