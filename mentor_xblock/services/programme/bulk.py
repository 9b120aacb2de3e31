"""Bulk matching: every learner who still needs mentors, placed at once (core.matching.match).

Used by the staff `auto_assign` handler and the `mentor_auto_assign` management command.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Q

from ...core import why as why_codes
from ...core.matching import LearnerNeed, MentorSlot, match, match_ranked
from ...models import Assignment, LearnerProfile, MentorProfile
from .. import notification_events
from ..context import Actor, BlockRef
from ..db import retrying
from .pairing import Lost, add, require_staff
from .settings import Settings, course_settings

REPORT_ROWS = 200  # bulk reports list at most this many pairs; counts are always complete


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


def auto_assign(ref: BlockRef, actor: Actor, preview: bool, settings: Settings | None = None) -> BulkReport:
    """Staff: match every learner who still needs mentors at once (see match_course); applied, the
    pairs' people are told by a Celery task once the matching has committed."""
    require_staff(ref.course_key, actor)
    report = match_course(ref.course_key, preview=preview, by=actor.anonymous_id, settings=settings)
    if not preview:
        notification_events.assigned_later(
            ref, ref.place, [row["assignment_id"] for row in report.assignments if "assignment_id" in row])
    return report


def match_course(course_key: str, preview: bool = True, by: str = "", settings: Settings | None = None) -> BulkReport:
    """Optimal matching (core.matching.match) of all learners with fewer mentors than they want.

    A learner is filled up to the smaller of their `mentors_wanted` and the course's effective
    mentors_per_learner (`settings`, or the course's recorded blocks when not given), and never
    gets their own mentor profile. Applying makes each pair with the same conditional updates
    as any other assignment, so capacity holds even if learners arrive meanwhile; pairs that
    lost such a race are reported in `lost` and nothing about them is half-done.
    """
    if settings is None:
        settings = course_settings(course_key)
    needy_rows = LearnerProfile.objects.filter(
        course_key=course_key, joined_at__isnull=False, mentor_count__lt=F("mentors_wanted")
    )
    if settings is not None:
        needy_rows = needy_rows.filter(mentor_count__lt=settings.mentors_per_learner)
    needy = list(
        needy_rows.values_list("learner_id", "username", "interests", "mentor_count", "mentors_wanted",
                               "ranked_mentors").order_by("pk")
    )
    cap = settings.mentors_per_learner if settings is not None else None
    wanted = {row[0]: (row[4] if cap is None else min(row[4], cap)) for row in needy}
    names = {row[0]: row[1] for row in needy}
    mentors = list(MentorProfile.objects.filter(course_key=course_key, active=True).values_list(
        "pk", "display_name", "tags", "capacity", "load", "mentor_id"
    ))
    history = defaultdict(set)
    own_profile = {mentor_id: str(pk) for pk, _n, _t, _c, _l, mentor_id in mentors}
    for learner_id in wanted:
        if learner_id in own_profile:  # a mentor is never their own mentor
            history[learner_id].add(own_profile[learner_id])
    if needy:
        for learner_id, mentor_pk in Assignment.objects.filter(course_key=course_key).filter(
            Q(learner_id__in=list(wanted)) if len(wanted) <= 1000 else Q()
        ).values_list("learner_id", "mentor_id"):
            if learner_id in wanted:
                history[learner_id].add(str(mentor_pk))
    learners = [
        LearnerNeed(learner_id, frozenset(interests), frozenset(history[learner_id]), max(wanted[learner_id] - count, 0))
        for learner_id, _name, interests, count, _want, _ranked in needy
    ]
    ranked = {row[0]: tuple(str(pk) for pk in row[5] or []) for row in needy if row[5]}
    interests_of = {row[0]: row[2] for row in needy}
    slots = [MentorSlot(str(pk), frozenset(tags), capacity, load) for pk, _n, tags, capacity, load, _m in mentors]
    mentor_names = {str(pk): name for pk, name, _t, _c, _l, _m in mentors}
    mentor_tags = {str(pk): tags for pk, _n, tags, _c, _l, _m in mentors}
    # Ranks before interests (core/matching/ranks.py): the mentors learners ranked are given first.
    ranking = match_ranked(learners, slots, ranked, solve=match)
    result = ranking.result
    report = BulkReport(preview=preview, learners=len(learners), mentors=len(slots),
                        total_overlap=result.total_overlap, unplaced_count=len(result.unplaced))
    report.unplaced = [
        {"learner_id": learner_id, "username": names[learner_id], "missing": missing,
         "reason": "every mentor with a free place is or was already this learner's"
         if reason != "no mentor with free capacity" else reason}
        for learner_id, missing, reason in result.unplaced
    ]
    for learner_id, mentor_pk in result.assignments:
        why, why_rank = why_codes.automatic(ranking.ranks.get((learner_id, mentor_pk)), interests_of[learner_id],
                                            mentor_tags[mentor_pk])
        row = {"learner_id": learner_id, "username": names[learner_id], "mentor_id": int(mentor_pk),
               "mentor": mentor_names[mentor_pk]}
        reasons = {"why": why, "why_rank": why_rank}  # the lost rows' "why" is why the pairing failed
        if preview:
            report.placed += 1
            report.assignments.append({**row, **reasons})
            continue
        try:
            made = retrying(lambda: add(course_key, learner_id, int(mentor_pk), wanted[learner_id], "bulk", by,
                                              why=why, why_rank=why_rank))
        except Lost as lost:
            report.lost.append({**row, "why": lost.why})
            continue
        report.placed += 1
        report.assignments.append({**row, **reasons, "assignment_id": made.pk})
    return report
