"""Programme operations: one function per operation, each with its role check and transaction.

The programme (mentor pool, interests, assignments, change requests) belongs to the
course, so every mentorship block in it shares it. Capacity is kept by the database,
never by a read-then-write in Python:

- every change to a learner's assignments first locks the learner's LearnerProfile row
  (select_for_update), and `mentor_count` moves only by a conditional UPDATE
  (`mentor_count < limit`), so a learner never gets more mentors than configured;
- a mentor's `load` moves only by a conditional UPDATE (`load < capacity`), which
  MySQL/MariaDB and SQLite evaluate on the latest committed row, so no mentor goes
  above capacity however many processes assign at once;
- the unique index assignment_one_active_pair forbids the same active pair twice.

A lost race raises inside the transaction, so it rolls back whole and is reported.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from ..core.content import TAG_PATTERN, parse_tags
from ..core.matching import LearnerNeed, MentorSlot, best_mentor, match
from ..core.text import clean_text
from ..errors import BadRequest, Conflict, Forbidden, NotFound
from ..models import Assignment, ChangeRequest, LearnerProfile, MentorProfile
from . import roles
from .db import RETRIES, retrying
from .paging import PAGE_SIZE, page_number

MAX_INTERESTS = 5
MAX_MENTOR_TAGS = 20
MAX_BIO_CHARS = 2000
MAX_REASON_CHARS = 1000
MAX_CAPACITY = 1000
REPORT_ROWS = 200  # bulk reports list at most this many pairs; counts are always complete

# Why an assignment could not be made (also shown in bulk reports).
LEARNER_FULL = "the learner already has as many mentors as configured"
MENTOR_FULL = "the mentor has no free place left"
ALREADY_PAIRED = "the mentor is already this learner's"
MENTOR_GONE = "the mentor is not in the active pool"


class _Lost(Exception):
    """A conditional update found the row changed; the transaction rolls back."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


@dataclass(frozen=True)
class Settings:
    """The mentoring settings of the block the request came through."""

    strategy: str = "auto"
    mentors_per_learner: int = 1
    allow_change: bool = True
    tags: tuple = ()

    @classmethod
    def of(cls, mentoring) -> "Settings":
        return cls(mentoring.strategy, mentoring.mentors_per_learner, mentoring.allow_change, tuple(mentoring.tags))


@dataclass
class BulkReport:
    preview: bool
    learners: int = 0
    mentors: int = 0
    placed: int = 0
    total_overlap: int = 0
    assignments: list = field(default_factory=list)
    unplaced: list = field(default_factory=list)
    unplaced_count: int = 0
    lost: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "preview": self.preview, "learners": self.learners, "mentors": self.mentors, "placed": self.placed,
            "total_overlap": self.total_overlap, "assignments": self.assignments[:REPORT_ROWS],
            "unplaced": self.unplaced[:REPORT_ROWS], "unplaced_count": self.unplaced_count,
            "lost": self.lost[:REPORT_ROWS], "lost_count": len(self.lost),
        }


# --- roles ------------------------------------------------------------------------


def _learner(course_key: str, viewer) -> None:
    if not viewer.is_authenticated:
        raise Forbidden("Sign in to take part in the mentor programme.")
    if roles.course_role(course_key, viewer) != roles.LEARNER:
        raise Forbidden("Only learners have mentors; course staff manage the programme.")


def _staff(course_key: str, viewer) -> None:
    if not viewer.is_authenticated or roles.course_role(course_key, viewer) != roles.STAFF:
        raise Forbidden("Only course staff who run the programme may do this.")


# --- transactions -------------------------------------------------------------------


def _lock_learner(course_key: str, learner_id: str) -> LearnerProfile:
    try:
        return LearnerProfile.objects.select_for_update().get(course_key=course_key, learner_id=learner_id)
    except LearnerProfile.DoesNotExist:
        raise NotFound("That learner has not visited the programme in this course yet.") from None


def _end(assignment: Assignment, learner: LearnerProfile, by: str, reason: str, now) -> None:
    """End an active assignment; call inside a transaction holding the learner's lock."""
    ended = Assignment.objects.filter(pk=assignment.pk, active=True).update(
        active=False, active_learner=None, ended_at=now, ended_by=by, end_reason=reason[:500]
    )
    if not ended:
        raise Conflict("That assignment has already ended.")
    MentorProfile.objects.filter(pk=assignment.mentor_id, load__gt=0).update(load=F("load") - 1)
    LearnerProfile.objects.filter(pk=learner.pk, mentor_count__gt=0).update(mentor_count=F("mentor_count") - 1)


def _add(course_key, learner_id, mentor_pk, limit, method, by="", reason="", replace=None,
         end_reason="switched") -> Assignment:
    """Pair a learner with a mentor in one transaction, or raise _Lost and change nothing.

    With `replace` (an active Assignment of this learner) that pairing ends in the same
    transaction, so a switch never leaves the learner with none or with one too many.
    """
    now = timezone.now()
    with transaction.atomic():
        learner = _lock_learner(course_key, learner_id)
        if replace is not None:
            _end(replace, learner, by or learner_id, end_reason, now)
        took_place = LearnerProfile.objects.filter(pk=learner.pk, mentor_count__lt=limit).update(
            mentor_count=F("mentor_count") + 1
        )
        if not took_place:
            raise _Lost(LEARNER_FULL)
        took_seat = MentorProfile.objects.filter(
            pk=mentor_pk, course_key=course_key, active=True, load__lt=F("capacity")
        ).update(load=F("load") + 1)
        if not took_seat:
            gone = not MentorProfile.objects.filter(pk=mentor_pk, course_key=course_key, active=True).exists()
            raise _Lost(MENTOR_GONE if gone else MENTOR_FULL)
        try:
            with transaction.atomic():
                return Assignment.objects.create(
                    course_key=course_key, learner_id=learner_id, mentor_id=mentor_pk, active_learner=learner_id,
                    method=method, created_by=by, reason=reason[:500],
                )
        except IntegrityError:
            raise _Lost(ALREADY_PAIRED) from None


_REFUSALS = {
    LEARNER_FULL: "You already have as many mentors as this programme allows.",
    MENTOR_FULL: "That mentor has no free place left.",
    ALREADY_PAIRED: "That mentor is already assigned to this learner.",
    MENTOR_GONE: "That mentor is not taking learners.",
}


def _add_or_refuse(*args, **kwargs) -> Assignment:
    try:
        return retrying(lambda: _add(*args, **kwargs))
    except _Lost as lost:
        raise Conflict(_REFUSALS[lost.why]) from None


# --- reading ------------------------------------------------------------------------


def mentor_json(mentor: MentorProfile, interests=()) -> dict:
    """What a learner may see of a mentor: no roster, only the numbers."""
    return {
        "id": mentor.pk, "display_name": mentor.display_name, "bio": mentor.bio, "tags": list(mentor.tags),
        "contact_url": mentor.contact_url or None, "load": mentor.load, "capacity": mentor.capacity,
        "free": mentor.free, "shared_tags": [tag for tag in mentor.tags if tag in set(interests)],
    }


def assignment_json(assignment: Assignment, interests=()) -> dict:
    return {
        "assignment_id": assignment.pk, "method": assignment.method,
        "since": assignment.created_at.isoformat(), "mentor": mentor_json(assignment.mentor, interests),
    }


def my_mentors(course_key: str, learner_id: str, interests=()) -> list[dict]:
    """The learner's current mentors: one query."""
    rows = (
        Assignment.objects.filter(course_key=course_key, learner_id=learner_id, active=True)
        .select_related("mentor").order_by("created_at", "pk")
    )
    return [assignment_json(row, interests) for row in rows]


def learner_state(course_key: str, viewer, settings: Settings, page=1) -> dict:
    """Everything the learner's widget and the `mentors` handler show; a fixed number of queries.

    `state` is one of: "assigned" (has all the mentors configured), "choose" (learner_choice,
    places free), "pending" (manual: a mentor will be assigned), "no_capacity" (nobody free),
    "waiting" (auto: will be assigned on the next visit).
    """
    _learner(course_key, viewer)
    page = page_number(page)
    profile = LearnerProfile.objects.filter(course_key=course_key, learner_id=viewer.anonymous_id).first()
    interests = list(profile.interests) if profile else []
    mine = my_mentors(course_key, viewer.anonymous_id, interests)
    pending = (
        ChangeRequest.objects.filter(course_key=course_key, learner_id=viewer.anonymous_id, status=ChangeRequest.PENDING)
        .order_by("-created_at").first()
    )
    mine_ids = [entry["mentor"]["id"] for entry in mine]
    free = MentorProfile.objects.filter(course_key=course_key, active=True, load__lt=F("capacity")).exclude(
        pk__in=mine_ids
    )
    needs = len(mine) < settings.mentors_per_learner
    available, total = [], 0
    if settings.strategy == "learner_choice" and (needs or settings.allow_change):
        total = free.count()
        start = (page - 1) * PAGE_SIZE
        rows = free.order_by("display_name", "pk")[start:start + PAGE_SIZE]
        available = [mentor_json(row, interests) for row in rows]
        any_free = total > 0
    else:
        any_free = needs and free.exists()
    if not needs:
        state = "assigned"
    elif not any_free:
        state = "no_capacity" if settings.strategy != "manual" else "pending"
    else:
        state = {"learner_choice": "choose", "manual": "pending"}.get(settings.strategy, "waiting")
    return {
        "state": state, "strategy": settings.strategy, "mentors_per_learner": settings.mentors_per_learner,
        "allow_change": settings.allow_change, "tags": list(settings.tags), "interests": interests,
        "max_interests": MAX_INTERESTS, "mentors": mine, "available": available,
        "available_page": {"page": page, "page_size": PAGE_SIZE, "total": total},
        "pending_change": None if pending is None else {
            "id": pending.pk, "assignment_id": pending.assignment_id, "reason": pending.reason,
            "created_at": pending.created_at.isoformat(),
        },
    }


# --- learner operations ----------------------------------------------------------------


def ensure_learner(course_key: str, viewer, settings: Settings) -> LearnerProfile:
    """The learner's programme profile, created on their first visit to any mentorship block."""
    _learner(course_key, viewer)
    lookup = {"course_key": course_key, "learner_id": viewer.anonymous_id}
    profile = LearnerProfile.objects.filter(**lookup).first()
    if profile is None:
        try:
            with transaction.atomic():
                profile = LearnerProfile.objects.create(
                    **lookup, username=viewer.username[:150], mentors_wanted=settings.mentors_per_learner,
                    last_activity_at=timezone.now(),
                )
        except IntegrityError:  # a parallel first visit created it
            profile = LearnerProfile.objects.get(**lookup)
    if profile.mentors_wanted < settings.mentors_per_learner:
        LearnerProfile.objects.filter(pk=profile.pk, mentors_wanted__lt=settings.mentors_per_learner).update(
            mentors_wanted=settings.mentors_per_learner
        )
        profile.mentors_wanted = settings.mentors_per_learner
    if viewer.username and profile.username != viewer.username[:150]:
        LearnerProfile.objects.filter(pk=profile.pk).update(username=viewer.username[:150])
    return profile


def _slots(course_key: str) -> list[MentorSlot]:
    rows = MentorProfile.objects.filter(course_key=course_key, active=True, load__lt=F("capacity")).values_list(
        "pk", "tags", "capacity", "load"
    )
    return [MentorSlot(str(pk), frozenset(tags), capacity, load) for pk, tags, capacity, load in rows]


def _past_and_present(course_key: str, learner_id: str) -> frozenset[str]:
    """Mentors the learner has or had: automatic matching never brings an ended pairing back."""
    ids = Assignment.objects.filter(course_key=course_key, learner_id=learner_id).values_list("mentor_id", flat=True)
    return frozenset(str(pk) for pk in ids)


def _fill(course_key: str, profile: LearnerProfile, limit: int, method: str, by: str = "") -> list[Assignment]:
    """Give the learner their best free mentors until they have `limit`; lost races are retried."""
    made: list[Assignment] = []
    count = profile.mentor_count
    attempts = 0
    while count < limit and attempts < RETRIES * 2:
        attempts += 1
        need = LearnerNeed(profile.learner_id, frozenset(profile.interests), _past_and_present(course_key, profile.learner_id))
        choice = best_mentor(need, _slots(course_key))
        if choice is None:
            break
        try:
            made.append(retrying(lambda: _add(course_key, profile.learner_id, int(choice), limit, method, by)))
            count += 1
        except _Lost as lost:
            if lost.why == LEARNER_FULL:  # a parallel visit already gave them their mentors
                break
    return made


def auto_assign_on_visit(course_key: str, viewer, settings: Settings) -> list[Assignment]:
    """`auto` strategy: a learner who lacks mentors gets the best available ones on their visit."""
    profile = ensure_learner(course_key, viewer, settings)
    if settings.strategy != "auto" or profile.mentor_count >= settings.mentors_per_learner:
        return []
    return _fill(course_key, profile, settings.mentors_per_learner, "auto")


def set_interests(course_key: str, viewer, settings: Settings, interests) -> list[str]:
    ensure_learner(course_key, viewer, settings)
    if not isinstance(interests, list) or not all(isinstance(tag, str) for tag in interests):
        raise BadRequest("'interests' must be a list of tags.")
    chosen = parse_tags(interests)
    unknown = [tag for tag in chosen if tag not in settings.tags]
    if unknown:
        raise BadRequest(f"Not a tag of this programme: {', '.join(unknown)}.")
    if len(chosen) > MAX_INTERESTS:
        raise BadRequest(f"Choose at most {MAX_INTERESTS} interests.")
    LearnerProfile.objects.filter(course_key=course_key, learner_id=viewer.anonymous_id).update(interests=chosen)
    return chosen


def _own_assignment(course_key: str, learner_id: str, assignment_id) -> Assignment:
    if isinstance(assignment_id, bool) or not isinstance(assignment_id, int):
        raise BadRequest("'assignment_id' must be a number.")
    assignment = Assignment.objects.filter(
        pk=assignment_id, course_key=course_key, learner_id=learner_id, active=True
    ).first()
    if assignment is None:
        raise NotFound("You have no current mentor with that assignment id.")
    return assignment


def _mentor(course_key: str, mentor_id, active_only: bool = True) -> MentorProfile:
    if isinstance(mentor_id, bool) or not isinstance(mentor_id, int):
        raise BadRequest("'mentor_id' must be a number.")
    mentor = MentorProfile.objects.filter(pk=mentor_id, course_key=course_key).first()
    if mentor is None or (active_only and not mentor.active):
        raise NotFound("There is no such mentor in this course's active pool.")
    return mentor


def choose_mentor(course_key: str, viewer, settings: Settings, mentor_id, replace=None) -> tuple[Assignment, Assignment | None]:
    """`learner_choice`: take a place with a mentor; with `replace`, switch from a current one."""
    profile = ensure_learner(course_key, viewer, settings)
    if settings.strategy != "learner_choice":
        raise Forbidden("In this programme mentors are assigned, not chosen.")
    mentor = _mentor(course_key, mentor_id)
    old = None
    if replace is not None:
        if not settings.allow_change:
            raise Forbidden("This programme does not allow changing mentors.")
        old = _own_assignment(course_key, viewer.anonymous_id, replace)
    made = _add_or_refuse(
        course_key, profile.learner_id, mentor.pk, settings.mentors_per_learner, "choice" if old is None else "change",
        by=viewer.anonymous_id, replace=old, end_reason="switched by the learner",
    )
    return made, old


def request_change(course_key: str, viewer, settings: Settings, assignment_id, reason) -> ChangeRequest:
    ensure_learner(course_key, viewer, settings)
    if not settings.allow_change:
        raise Forbidden("This programme does not allow changing mentors.")
    if not isinstance(reason, str) or not clean_text(reason):
        raise BadRequest("Please give a reason for the change.")
    reason = clean_text(reason)
    if len(reason) > MAX_REASON_CHARS:
        raise BadRequest(f"The reason is {len(reason):,} characters long; the limit is {MAX_REASON_CHARS:,}.")
    assignment = _own_assignment(course_key, viewer.anonymous_id, assignment_id)

    def create():
        with transaction.atomic():
            _lock_learner(course_key, viewer.anonymous_id)  # one pending request at a time, even in parallel
            if ChangeRequest.objects.filter(
                course_key=course_key, learner_id=viewer.anonymous_id, status=ChangeRequest.PENDING
            ).exists():
                raise Conflict("You already asked for a change; the programme team will answer it.")
            return ChangeRequest.objects.create(
                course_key=course_key, learner_id=viewer.anonymous_id, assignment=assignment, reason=reason
            )

    return retrying(create)


# --- staff operations ------------------------------------------------------------------


def resolve_change_request(course_key: str, viewer, settings: Settings, request_id, approve, note="", mentor_id=None) -> dict:
    """Approve (ending the current pairing, optionally assigning `mentor_id`) or decline a request."""
    _staff(course_key, viewer)
    if isinstance(request_id, bool) or not isinstance(request_id, int):
        raise BadRequest("'request_id' must be a number.")
    if not isinstance(approve, bool):
        raise BadRequest("'approve' must be true or false.")
    if not isinstance(note, str) or len(note) > MAX_REASON_CHARS:
        raise BadRequest(f"'note' must be text of at most {MAX_REASON_CHARS} characters.")
    change = ChangeRequest.objects.filter(pk=request_id, course_key=course_key).select_related("assignment").first()
    if change is None:
        raise NotFound("There is no such change request in this course.")
    mentor = _mentor(course_key, mentor_id) if (approve and mentor_id is not None) else None
    now = timezone.now()

    def resolve():
        with transaction.atomic():
            learner = _lock_learner(course_key, change.learner_id)
            status = ChangeRequest.APPROVED if approve else ChangeRequest.DECLINED
            if not ChangeRequest.objects.filter(pk=change.pk, status=ChangeRequest.PENDING).update(
                status=status, resolved_at=now, resolved_by=viewer.anonymous_id, note=clean_text(note)
            ):
                raise Conflict("That request has already been resolved.")
            ended = None
            if approve and change.assignment is not None and change.assignment.active:
                _end(change.assignment, learner, viewer.anonymous_id, f"change request: {change.reason}", now)
                ended = change.assignment
            made = None
            if mentor is not None:
                try:
                    made = _add(course_key, learner.learner_id, mentor.pk, learner.mentors_wanted, "change",
                                viewer.anonymous_id, "change request approved")
                except _Lost as lost:
                    raise Conflict(_REFUSALS[lost.why]) from None
            return ended, made

    ended, made = retrying(resolve)
    extra = []
    if approve and made is None and settings.strategy == "auto":
        profile = LearnerProfile.objects.get(course_key=course_key, learner_id=change.learner_id)
        extra = _fill(course_key, profile, profile.mentors_wanted, "change", viewer.anonymous_id)
    return {"request_id": change.pk, "learner_id": change.learner_id, "approved": approve,
            "ended": ended, "assigned": [made] if made else extra}


def resolve_staff_user(user_service, username: str, course_key: str) -> str | None:
    """The anonymous id of a user with course staff access, or None.

    On an Open edX site the runtime's user service offers get_anonymous_user_id
    (and get_user_by_anonymous_id); course staff access is then checked with
    edx-platform's course roles. In the workbench, the development mapping decides
    (ids starting "mentor" or "staff" are course staff).
    """
    if hasattr(user_service, "get_anonymous_user_id"):
        anonymous_id = user_service.get_anonymous_user_id(username, course_key)
        if not anonymous_id:
            return None
        try:  # pragma: no cover - only inside edx-platform
            from common.djangoapps.student.roles import CourseInstructorRole, CourseStaffRole  # pylint: disable=import-error
            from opaque_keys.edx.keys import CourseKey  # pylint: disable=import-error
        except ImportError:  # pragma: no cover
            return None
        user = user_service.get_user_by_anonymous_id(anonymous_id)  # pragma: no cover
        key = CourseKey.from_string(course_key)  # pragma: no cover
        has_access = user is not None and (CourseStaffRole(key).has_user(user) or CourseInstructorRole(key).has_user(user))
        return anonymous_id if has_access else None  # pragma: no cover
    from ..dev.user_service import anonymous_id_for, role_for

    return anonymous_id_for(username) if role_for(username)[0] else None


def _mentor_fields(data: dict) -> dict:
    fields = {}
    name = data.get("display_name")
    if not isinstance(name, str) or not clean_text(name) or len(clean_text(name)) > 200:
        raise BadRequest("'display_name' is required: text of at most 200 characters.")
    fields["display_name"] = clean_text(name)
    bio = data.get("bio", "")
    if not isinstance(bio, str) or len(clean_text(bio)) > MAX_BIO_CHARS:
        raise BadRequest(f"'bio' must be text of at most {MAX_BIO_CHARS} characters.")
    fields["bio"] = clean_text(bio)
    tags = data.get("tags", [])
    if not isinstance(tags, (list, str)) or (isinstance(tags, list) and not all(isinstance(t, str) for t in tags)):
        raise BadRequest("'tags' must be a list of tags or a comma-separated text.")
    tags = parse_tags(tags)
    bad = [tag for tag in tags if not TAG_PATTERN.match(tag)]
    if bad or len(tags) > MAX_MENTOR_TAGS:
        raise BadRequest(f"'tags': at most {MAX_MENTOR_TAGS} tags of 1-40 lowercase letters, digits, spaces, '-' or '_'.")
    fields["tags"] = tags
    capacity = data.get("capacity", 10)
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not 0 <= capacity <= MAX_CAPACITY:
        raise BadRequest(f"'capacity' must be a whole number from 0 to {MAX_CAPACITY}.")
    fields["capacity"] = capacity
    active = data.get("active", True)
    if not isinstance(active, bool):
        raise BadRequest("'active' must be true or false.")
    fields["active"] = active
    url = data.get("contact_url") or ""
    if not isinstance(url, str) or len(url) > 500:
        raise BadRequest("'contact_url' must be a web address of at most 500 characters.")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise BadRequest("'contact_url' must be an http(s) web address.") from None
    fields["contact_url"] = url
    return fields


def save_mentor(course_key: str, viewer, mentor_id: str, username: str, data: dict) -> tuple[MentorProfile, bool]:
    """Create or update a mentor profile; `load` is never written here (capacity may drop below it)."""
    _staff(course_key, viewer)
    fields = _mentor_fields(data)
    fields["username"] = username[:150]
    updated = MentorProfile.objects.filter(course_key=course_key, mentor_id=mentor_id).update(
        **fields, updated_at=timezone.now()
    )
    created = False
    if not updated:
        try:
            with transaction.atomic():
                MentorProfile.objects.create(course_key=course_key, mentor_id=mentor_id, **fields)
                created = True
        except IntegrityError:  # saved in parallel: apply ours on top
            MentorProfile.objects.filter(course_key=course_key, mentor_id=mentor_id).update(**fields)
    return MentorProfile.objects.get(course_key=course_key, mentor_id=mentor_id), created


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
        raise NotFound("That learner has not visited the programme in this course yet.")
    return profile


def assign(course_key: str, viewer, data: dict) -> tuple[Assignment, Assignment | None]:
    """Staff pair a learner with a mentor; with 'replace' (an assignment id) it is a reassignment."""
    _staff(course_key, viewer)
    profile = _learner_ref(course_key, data)
    mentor = _mentor(course_key, data.get("mentor_id"))
    reason = data.get("reason", "")
    if not isinstance(reason, str) or len(reason) > 500:
        raise BadRequest("'reason' must be text of at most 500 characters.")
    old = None
    if data.get("replace") is not None:
        old = _own_assignment(course_key, profile.learner_id, data["replace"])
    made = _add_or_refuse(
        course_key, profile.learner_id, mentor.pk, profile.mentors_wanted, "manual",
        by=viewer.anonymous_id, reason=clean_text(reason), replace=old, end_reason="reassigned by staff",
    )
    return made, old


def end_assignment(course_key: str, viewer, assignment_id, reason="") -> Assignment:
    _staff(course_key, viewer)
    if isinstance(assignment_id, bool) or not isinstance(assignment_id, int):
        raise BadRequest("'assignment_id' must be a number.")
    if not isinstance(reason, str) or len(reason) > 500:
        raise BadRequest("'reason' must be text of at most 500 characters.")
    assignment = Assignment.objects.filter(pk=assignment_id, course_key=course_key).first()
    if assignment is None:
        raise NotFound("There is no such assignment in this course.")

    def run():
        with transaction.atomic():
            learner = _lock_learner(course_key, assignment.learner_id)
            _end(assignment, learner, viewer.anonymous_id, clean_text(reason) or "ended by staff", timezone.now())

    retrying(run)
    assignment.refresh_from_db()
    return assignment


def programme_page(course_key: str, viewer, listing: str = "mentors", page=1) -> dict:
    """Staff overview: counts, and one page of mentors, learners or pending change requests."""
    _staff(course_key, viewer)
    page = page_number(page)
    start, stop = (page - 1) * PAGE_SIZE, page * PAGE_SIZE
    pool = MentorProfile.objects.filter(course_key=course_key)
    totals = pool.filter(active=True).aggregate(mentors=Count("pk"), capacity=Sum("capacity"), load=Sum("load"))
    summary = {
        "active_mentors": totals["mentors"] or 0,
        "free_places": max((totals["capacity"] or 0) - (totals["load"] or 0), 0),
        "learners_waiting": LearnerProfile.objects.filter(
            course_key=course_key, mentor_count__lt=F("mentors_wanted")
        ).count(),
        "pending_changes": ChangeRequest.objects.filter(course_key=course_key, status=ChangeRequest.PENDING).count(),
    }
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
            learners = learners.filter(mentor_count__lt=F("mentors_wanted"))
        rows = list(learners[start:stop])
        current = defaultdict(list)
        for assignment in Assignment.objects.filter(
            course_key=course_key, active=True, learner_id__in=[row.learner_id for row in rows]
        ).select_related("mentor"):
            current[assignment.learner_id].append(
                {"assignment_id": assignment.pk, "mentor_id": assignment.mentor_id,
                 "mentor": assignment.mentor.display_name, "method": assignment.method}
            )
        items = [
            {"learner_id": row.learner_id, "username": row.username, "interests": row.interests,
             "mentors_wanted": row.mentors_wanted, "mentors": current[row.learner_id]}
            for row in rows
        ]
        total = learners.count()
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
             "mentor": row.assignment.mentor.display_name if row.assignment else None}
            for row in rows
        ]
        total = queue.count()
    else:
        raise BadRequest("'list' must be 'mentors', 'learners', 'unassigned' or 'requests'.")
    return {"summary": summary, "list": listing, "items": items,
            "page": page, "page_size": PAGE_SIZE, "total": total}


def mentor_summary(course_key: str, viewer) -> dict:
    """What a mentor sees in the learner view: their own numbers, no names."""
    row = MentorProfile.objects.filter(course_key=course_key, mentor_id=viewer.anonymous_id).first()
    if row is None:
        return {}
    return {"display_name": row.display_name, "load": row.load, "capacity": row.capacity, "active": row.active}


# --- bulk matching -----------------------------------------------------------------------


def auto_assign(course_key: str, viewer, preview: bool) -> BulkReport:
    """Staff: match every learner who still needs mentors at once (see match_course)."""
    _staff(course_key, viewer)
    return match_course(course_key, preview=preview, by=viewer.anonymous_id)


def match_course(course_key: str, preview: bool = True, by: str = "") -> BulkReport:
    """Optimal matching (core.matching.match) of all learners with mentor_count < mentors_wanted.

    Applying makes each pair with the same conditional updates as any other assignment,
    so capacity holds even if learners arrive meanwhile; pairs that lost such a race are
    reported in `lost` and nothing about them is half-done.
    """
    needy = list(
        LearnerProfile.objects.filter(course_key=course_key, mentor_count__lt=F("mentors_wanted"))
        .values_list("learner_id", "username", "interests", "mentor_count", "mentors_wanted")
        .order_by("pk")
    )
    wanted = {row[0]: row[4] for row in needy}
    names = {row[0]: row[1] for row in needy}
    history = defaultdict(set)
    if needy:
        for learner_id, mentor_pk in Assignment.objects.filter(course_key=course_key).filter(
            Q(learner_id__in=list(wanted)) if len(wanted) <= 1000 else Q()
        ).values_list("learner_id", "mentor_id"):
            if learner_id in wanted:
                history[learner_id].add(str(mentor_pk))
    learners = [
        LearnerNeed(learner_id, frozenset(interests), frozenset(history[learner_id]), max(want - count, 0))
        for learner_id, _name, interests, count, want in needy
    ]
    mentors = MentorProfile.objects.filter(course_key=course_key, active=True).values_list(
        "pk", "display_name", "tags", "capacity", "load"
    )
    slots = [MentorSlot(str(pk), frozenset(tags), capacity, load) for pk, _n, tags, capacity, load in mentors]
    mentor_names = {str(pk): name for pk, name, _t, _c, _l in mentors}
    result = match(learners, slots)
    report = BulkReport(preview=preview, learners=len(learners), mentors=len(slots),
                        total_overlap=result.total_overlap, unplaced_count=len(result.unplaced))
    report.unplaced = [
        {"learner_id": learner_id, "username": names[learner_id], "missing": missing,
         "reason": "every mentor with a free place is or was already this learner's"
         if reason != "no mentor with free capacity" else reason}
        for learner_id, missing, reason in result.unplaced
    ]
    for learner_id, mentor_pk in result.assignments:
        row = {"learner_id": learner_id, "username": names[learner_id], "mentor_id": int(mentor_pk),
               "mentor": mentor_names[mentor_pk]}
        if preview:
            report.placed += 1
            report.assignments.append(row)
            continue
        try:
            made = retrying(lambda: _add(course_key, learner_id, int(mentor_pk), wanted[learner_id], "bulk", by))
        except _Lost as lost:
            report.lost.append({**row, "why": lost.why})
            continue
        report.placed += 1
        report.assignments.append({**row, "assignment_id": made.pk})
    return report


# --- for other services (CSV import) ----------------------------------------------------

AssignmentRefused = _Lost


def add_assignment(course_key: str, learner_id: str, mentor_pk: int, limit: int, method: str, by: str = "",
                   reason: str = "") -> Assignment:
    """Pair a learner with a mentor under the capacity rules, inside the caller's transaction.

    Raises AssignmentRefused (and changes nothing) when the learner already has `limit`
    mentors, the mentor is full or inactive, or the pair already exists. No retry here:
    inside an enclosing transaction the caller decides (see _retrying).
    """
    return _add(course_key, learner_id, mentor_pk, limit, method, by=by, reason=reason)
