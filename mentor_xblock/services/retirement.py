"""User retirement: remove every trace of a learner, mentor or staff member (docs/security.md).

We store people by the runtime's anonymous user ids, and copies of their names in a few columns
(usernames, display names, authors' names) and in the context of mail. `retire`, in one transaction:

- deletes what is theirs: watch progress, responses (with the replies under them), replies, the
  reports they made or that are in their threads, the posting log and quota, learner and mentor
  profiles, assignments (a learner's; a mentor's, whose mentees are unassigned) with their
  check-ins and closing reflections (both sides': they are about the pairing), change
  requests, mail preferences, and the mail addressed to them or about them;
- forgets them where they acted on others' rows: who made or ended a pairing, resolved a change
  request or a report, hid or reviewed a post, gave the first feedback, asked for an export;
- replaces their names where others' text or waiting mail mentions them (retirement_text.py);
- gives seats back, and once that has committed the freed places are filled
  (programme/waiting.py): a retired mentor's mentees are matched again in `auto` programmes.

Retirement is rare and runs in the platform's retirement pipeline, so it may scan columns that no
request needs an index for (who reviewed, who resolved).
"""
from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, Q

from .. import platform
from ..models import (
    Assignment, ChangeRequest, CheckIn, ClosingReflection, ExportJob, Flag, LearnerProfile, MentorProfile, MentorRequest,
    NotificationPreference, PostLog, PostQuota, ProgrammeBlock, Reply, Response, ResponseReview, ResponseVersion,
    SegmentProgress, WatchClock,
)
from . import retirement_text as text
from .context import BlockRef
from .db import retrying
from .programme.settings import course_settings
from .programme.waiting import fill_waiting

# Columns that hold someone's anonymous id because they acted on another person's row: blanked.
ACTED_ON_OTHERS = (
    (Assignment, ("created_by", "ended_by")),
    (ChangeRequest, ("resolved_by",)),
    (Response, ("hidden_by", "reviewed_by", "first_feedback_by")),
    (Reply, ("hidden_by",)),
    (ResponseReview, ("reviewer_id",)),  # their reviews of others' responses stay, by no one (name below)
    (Flag, ("resolved_by",)),
    (ExportJob, ("requested_by",)),  # the file stays until it expires; who asked is forgotten
)


def retire(anonymous_ids, names=()) -> dict[str, int]:
    """Retire a user (every anonymous id they had, in any course; `names`: what the platform calls
    them, if it still knows); returns counts of deleted rows per kind."""
    ids = sorted({str(i) for i in anonymous_ids if i})
    if not ids:
        return {}
    courses = courses_of(ids)
    needles = text.needles(ids, [*names, *_names_of(ids, courses)])
    deleted: dict[str, int] = {}

    def run():
        deleted.clear()
        with transaction.atomic():
            items = _items_of(ids)
            deleted["notifications"] = text.forget_in_mail(ids, needles, courses, items)
            deleted["notification_preferences"] = NotificationPreference.objects.filter(user_id__in=ids).delete()[0]
            found = _programme(ids, deleted)
            _reflections(ids, items, deleted)
            ResponseReview.objects.filter(reviewer_id__in=ids).update(reviewer_name="")
            for model, columns in ACTED_ON_OTHERS:
                for column in columns:
                    model.objects.filter(**{f"{column}__in": ids}).update(**{column: ""})
            text.scrub(needles, courses)
        return found

    refill = retrying(run)  # a learner's progress report racing their retirement: the whole retirement again
    if refill:
        transaction.on_commit(lambda: _fill(refill))
    return deleted


def courses_of(ids: list[str]) -> set[str]:
    """Every course where a row holds one of the ids."""
    found: set[str] = set()
    holders = [
        (LearnerProfile, ["learner_id"]), (MentorProfile, ["mentor_id"]), (Response, ["learner_id"]),
        (SegmentProgress, ["learner_id"]), (WatchClock, ["learner_id"]), (Assignment, ["learner_id"]), (ChangeRequest, ["learner_id"]),
        (MentorRequest, ["learner_id"]),
        (Flag, ["flagger_id", "thread_learner_id"]), (PostQuota, ["author_id"]), (PostLog, ["author_id"]),
        (NotificationPreference, ["user_id"]), *ACTED_ON_OTHERS,
    ]
    for model, columns in holders:
        course = "response__course_key" if model in (Reply, ResponseReview) else "course_key"
        condition = Q()
        for column in columns:
            condition |= Q(**{f"{column}__in": ids})
        found.update(model.objects.filter(condition).values_list(course, flat=True).distinct())
    found.update(Reply.objects.filter(author_id__in=ids).values_list("response__course_key", flat=True).distinct())
    found.update(text.mail_courses(ids))
    return found


def _names_of(ids: list[str], courses: set[str]) -> list[str]:
    """The names our rows and the platform know them by (mail names people as notification_people does)."""
    names = set(LearnerProfile.objects.filter(learner_id__in=ids).values_list("username", flat=True))
    for username, display_name in MentorProfile.objects.filter(mentor_id__in=ids).values_list("username", "display_name"):
        names.update((username, display_name))
    names.update(Response.objects.filter(learner_id__in=ids).values_list("author_name", flat=True).distinct())
    names.update(Reply.objects.filter(author_id__in=ids).values_list("author_name", flat=True).distinct())
    for anonymous_id in ids:
        for course_key in sorted(courses):  # the LMS knows an id in any course; the workbench where it has rows
            person = platform.contact(course_key, anonymous_id)
            if person is not None:
                names.update((person.username, getattr(person, "name", "")))
                break
    return sorted(name for name in names if name)


def _items_of(ids: list[str]) -> dict[str, set[int]]:
    """The user's items that mail may be about (services/notification_events.py item keys)."""
    mentor_pks = list(MentorProfile.objects.filter(mentor_id__in=ids).values_list("pk", flat=True))
    responses = set(Response.objects.filter(learner_id__in=ids).values_list("pk", flat=True))
    return {
        "response": responses,
        "reply": set(Reply.objects.filter(Q(author_id__in=ids) | Q(response_id__in=responses)).values_list("pk", flat=True)),
        "assignment": set(Assignment.objects.filter(Q(learner_id__in=ids) | Q(mentor_id__in=mentor_pks))
                          .values_list("pk", flat=True)),
        "change": set(ChangeRequest.objects.filter(learner_id__in=ids).values_list("pk", flat=True)),
    }


def _programme(ids: list[str], deleted: dict) -> set[str]:
    """Profiles, assignments and change requests; returns the courses where a place freed up."""
    refill: set[str] = set()
    # Seats held by the learner's active assignments go back to their mentors.
    for mentor_pk, course_key, seats in (
        Assignment.objects.filter(learner_id__in=ids, active=True)
        .values("mentor_id", "course_key").annotate(n=Count("pk")).values_list("mentor_id", "course_key", "n")
    ):
        MentorProfile.objects.filter(pk=mentor_pk, load__gte=seats).update(load=F("load") - seats)
        MentorProfile.objects.filter(pk=mentor_pk, load__lt=seats).update(load=0)
        refill.add(course_key)
    ChangeRequest.objects.filter(learner_id__in=ids).delete()
    MentorRequest.objects.filter(learner_id__in=ids).delete()
    # Check-ins and closing reflections (notes, ratings, what they took away) go with the pairings, either side.
    pairings = Q(assignment__learner_id__in=ids) | Q(assignment__mentor__mentor_id__in=ids)
    deleted["checkins"] = CheckIn.objects.filter(pairings).delete()[0]
    deleted["closing_reflections"] = ClosingReflection.objects.filter(pairings).delete()[0]
    deleted["assignments"] = Assignment.objects.filter(learner_id__in=ids).delete()[0]
    # A retired mentor leaves the pool: their pairings end (the rows go: they name the mentor), and
    # their mentees are unassigned, to be matched again.
    for mentor in MentorProfile.objects.filter(mentor_id__in=ids):
        for course_key, learner_id in mentor.assignments.filter(active=True).values_list("course_key", "learner_id"):
            LearnerProfile.objects.filter(course_key=course_key, learner_id=learner_id, mentor_count__gt=0).update(
                mentor_count=F("mentor_count") - 1
            )
            refill.add(course_key)
        ChangeRequest.objects.filter(assignment__mentor=mentor).update(assignment=None)
        deleted["assignments"] += mentor.assignments.all().delete()[0]
    deleted["mentor_profiles"] = MentorProfile.objects.filter(mentor_id__in=ids).delete()[0]
    deleted["learner_profiles"] = LearnerProfile.objects.filter(learner_id__in=ids).delete()[0]
    return refill


def _reflections(ids: list[str], items: dict, deleted: dict) -> None:
    """Progress, responses, replies, reports and the posting log."""
    # The progress transactions' lock order (services/progress.py): the course's clock, then a segment's row.
    WatchClock.objects.filter(learner_id__in=ids).delete()
    deleted["progress"] = SegmentProgress.objects.filter(learner_id__in=ids).delete()[0]
    responses = items["response"]
    own_replies = list(Reply.objects.filter(author_id__in=ids).values_list("pk", flat=True))
    # Their open reports count on others' items; the reports in their threads or on their posts go too.
    for kind, target, n in (
        Flag.objects.filter(flagger_id__in=ids, resolved_at__isnull=True)
        .values("kind", "target_id").annotate(n=Count("pk")).values_list("kind", "target_id", "n")
    ):
        model = Response if kind == "response" else Reply
        model.objects.filter(pk=target, flag_count__gte=n).update(flag_count=F("flag_count") - n)
    deleted["flags"] = Flag.objects.filter(
        Q(flagger_id__in=ids) | Q(thread_learner_id__in=ids) | Q(kind="response", target_id__in=responses)
        | Q(kind="reply", target_id__in=items["reply"])
    ).delete()[0]
    for response_pk, n in (
        Reply.objects.filter(pk__in=own_replies).values("response_id").annotate(n=Count("pk"))
        .values_list("response_id", "n")
    ):
        Response.objects.filter(pk=response_pk, reply_count__gte=n).update(reply_count=F("reply_count") - n)
    deleted["replies"] = Reply.objects.filter(pk__in=own_replies).delete()[0]
    # Their responses' versions (rounds) and the reviews of them go with the responses (CASCADE).
    by_model = Response.objects.filter(pk__in=responses).delete()[1]
    deleted["responses"] = by_model.get(Response._meta.label, 0)  # pylint: disable=protected-access
    deleted["response_versions"] = by_model.get(ResponseVersion._meta.label, 0)  # pylint: disable=protected-access
    PostLog.objects.filter(author_id__in=ids).delete()
    PostQuota.objects.filter(author_id__in=ids).delete()


def _fill(courses: set[str]) -> None:
    """The places the retirement freed go to the learners who wait (by the course's recorded rules)."""
    for course_key in sorted(courses):
        block_key = (ProgrammeBlock.objects.filter(course_key=course_key).order_by("block_key")
                     .values_list("block_key", flat=True).first())
        if block_key is not None:
            fill_waiting(BlockRef(course_key, block_key), course_settings(course_key))
