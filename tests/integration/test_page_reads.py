"""services/page_reads gives what the ORM gives, on SQLite and (in the MariaDB pass) on MySQL:
complete instances with dates, JSON and booleans converted, NULL and foreign keys, order, limit."""
from datetime import timedelta

import pytest
from django.utils import timezone

from mentor_xblock.models import ChangeRequest, LearnerProfile, MentorProfile, Assignment, SegmentProgress
from mentor_xblock.services.page_reads import first, rows

COURSE = "course-v1:Org+Reads+Run"


def fields_of(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


@pytest.fixture
def data(db):
    now = timezone.now()
    mentor = MentorProfile.objects.create(course_key=COURSE, mentor_id="m1", username="ada", display_name="Ada")
    assignment = Assignment.objects.create(course_key=COURSE, learner_id="l1", mentor=mentor, active_learner="l1",
                                           method="manual")
    LearnerProfile.objects.create(course_key=COURSE, learner_id="l1", username="ann", interests=["x", "ü"],
                                  joined_at=now)
    LearnerProfile.objects.create(course_key=COURSE, learner_id="l2", username="bo", joined_at=None)
    requests = [
        ChangeRequest.objects.create(course_key=COURSE, learner_id="l1", assignment=assignment, reason=f"r{n}")
        for n in range(3)
    ]
    ChangeRequest.objects.filter(pk=requests[0].pk).update(created_at=now - timedelta(days=1))
    ChangeRequest.objects.filter(pk=requests[2].pk).update(created_at=now - timedelta(days=2), assignment=None)
    for n, watched in enumerate((True, False)):
        SegmentProgress.objects.create(course_key=COURSE, block_key="b", learner_id="l1", segment_id=f"s{n}",
                                       intervals=[[0, 1.5]], coverage=0.5, watched=watched, first_report_at=now)
    return assignment


def test_rows_are_the_orms_rows(data):
    for model, equal in ((LearnerProfile, {"course_key": COURSE}), (SegmentProgress, {"block_key": "b", "learner_id": "l1"}),
                         (ChangeRequest, {"course_key": COURSE, "learner_id": "l1"}), (Assignment, {"mentor": data.mentor})):
        ours = sorted((fields_of(row) for row in rows(model, **equal)), key=lambda f: f["id"])
        orms = sorted((fields_of(row) for row in model.objects.filter(**equal)), key=lambda f: f["id"])
        assert ours == orms and ours, model
    profile = first(LearnerProfile, course_key=COURSE, learner_id="l1")
    assert profile.interests == ["x", "ü"] and profile.joined_at.tzinfo is not None
    assert [row.watched for row in rows(SegmentProgress, block_key="b", order_by=("segment_id",))] == [True, False]


def test_order_limit_null_and_booleans_follow_the_orm(data):
    newest = ChangeRequest.objects.filter(course_key=COURSE, learner_id="l1").order_by("-created_at", "-pk").first()
    assert first(ChangeRequest, course_key=COURSE, learner_id="l1", order_by=("-created_at", "-pk")) == newest
    assert [r.pk for r in rows(ChangeRequest, course_key=COURSE, order_by=("created_at",), limit=2)] == list(
        ChangeRequest.objects.filter(course_key=COURSE).order_by("created_at").values_list("pk", flat=True)[:2])
    assert [r.reason for r in rows(ChangeRequest, assignment=None)] == ["r2"]
    assert [r.username for r in rows(LearnerProfile, joined_at=None)] == ["bo"]
    assert [r.segment_id for r in rows(SegmentProgress, watched=False)] == ["s1"]
    assert first(LearnerProfile, course_key=COURSE, learner_id="nobody") is None
    # values are parameters, never SQL
    assert list(rows(LearnerProfile, course_key="x' OR '1'='1")) == []
