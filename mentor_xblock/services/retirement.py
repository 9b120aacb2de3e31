"""User retirement: delete everything personal we hold about a learner or mentor.

Everything is keyed by the runtime's anonymous user ids, so retiring a user is a
delete by those ids. Mentors' seats are given back to the pool.
"""
from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F

from ..models import (
    Assignment, ChangeRequest, ExportJob, Flag, LearnerProfile, MentorProfile, PostLog, PostQuota, Reply, Response,
    SegmentProgress,
)


def retire(anonymous_ids) -> dict[str, int]:
    """Delete a user's rows (every anonymous id they had, in any course); returns counts per table."""
    ids = sorted({str(i) for i in anonymous_ids if i})
    if not ids:
        return {}
    deleted: dict[str, int] = {}
    with transaction.atomic():
        # Seats held by the learner's active assignments go back to their mentors.
        for mentor_pk, seats in (
            Assignment.objects.filter(learner_id__in=ids, active=True)
            .values("mentor_id").annotate(n=Count("pk")).values_list("mentor_id", "n")
        ):
            MentorProfile.objects.filter(pk=mentor_pk).update(load=F("load") - seats)
        ChangeRequest.objects.filter(learner_id__in=ids).delete()
        deleted["assignments"] = Assignment.objects.filter(learner_id__in=ids).delete()[0]
        # A retired mentor's assignments end for their learners, who become unassigned.
        mentors = list(MentorProfile.objects.filter(mentor_id__in=ids))
        for mentor in mentors:
            learners = list(mentor.assignments.filter(active=True).values_list("course_key", "learner_id"))
            for course_key, learner_id in learners:
                LearnerProfile.objects.filter(course_key=course_key, learner_id=learner_id, mentor_count__gt=0).update(
                    mentor_count=F("mentor_count") - 1
                )
            ChangeRequest.objects.filter(assignment__mentor=mentor).update(assignment=None)
            mentor.assignments.all().delete()
        deleted["mentor_profiles"] = MentorProfile.objects.filter(mentor_id__in=ids).delete()[0]
        deleted["learner_profiles"] = LearnerProfile.objects.filter(learner_id__in=ids).delete()[0]
        deleted["progress"] = SegmentProgress.objects.filter(learner_id__in=ids).delete()[0]
        reply_ids = list(Reply.objects.filter(author_id__in=ids).values_list("pk", flat=True))
        Flag.objects.filter(kind="reply", target_id__in=reply_ids).delete()
        for response_pk, n in (
            Reply.objects.filter(pk__in=reply_ids).values("response_id").annotate(n=Count("pk"))
            .values_list("response_id", "n")
        ):
            Response.objects.filter(pk=response_pk).update(reply_count=F("reply_count") - n)
        deleted["replies"] = Reply.objects.filter(pk__in=reply_ids).delete()[0]
        response_ids = list(Response.objects.filter(learner_id__in=ids).values_list("pk", flat=True))
        Flag.objects.filter(kind="response", target_id__in=response_ids).delete()
        deleted["responses"] = Response.objects.filter(pk__in=response_ids).delete()[0]
        deleted["flags"] = Flag.objects.filter(flagger_id__in=ids).delete()[0]
        PostLog.objects.filter(author_id__in=ids).delete()
        PostQuota.objects.filter(author_id__in=ids).delete()
        # Export jobs keep who asked for them; the files themselves expire (services/export_jobs.py).
        ExportJob.objects.filter(requested_by__in=ids).update(requested_by="")
    return deleted
