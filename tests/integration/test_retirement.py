"""Retiring a user deletes what is personal and gives mentors' seats back."""
from django.core.management import call_command
from django.utils import timezone

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, LearnerProfile, MentorProfile, Reply, Response, SegmentProgress
from mentor_xblock.services.retirement import retire
from tests.conftest import olx


def test_retiring_a_learner_removes_their_data_only(workbench):
    usage = workbench.add_scenario("reflections", olx("reflections.xml"))
    for student in ("student_a", "student_b"):  # learners join the programme by an action, not by looking
        assert workbench.post(usage, "join_programme", {}, student=student).status_code == 200
    ada = MentorProfile.objects.create(course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for("mentor_ada"),
                                       username="mentor_ada", display_name="Ada", capacity=5, load=1)
    a, b = anonymous_id_for("student_a"), anonymous_id_for("student_b")
    Assignment.objects.create(course_key=DEV_COURSE_KEY, learner_id=a, mentor=ada, active_learner=a, method="manual")
    LearnerProfile.objects.filter(learner_id=a).update(mentor_count=1)
    for student in ("student_a", "student_b"):
        workbench.post(usage, "submit_response", {"prompt_id": "open", "text": f"words from {student}"}, student=student)
    b_response = Response.objects.get(learner_id=b)
    workbench.post(usage, "post_reply", {"prompt_id": "open", "response_id": b_response.pk, "text": "nice"}, student="student_a")
    SegmentProgress.objects.create(course_key=DEV_COURSE_KEY, block_key=usage, learner_id=a, segment_id="s",
                                   first_report_at=timezone.now())
    counts = retire([a])
    assert counts["responses"] == 1 and counts["replies"] == 1 and counts["assignments"] == 1
    assert not Response.objects.filter(learner_id=a).exists() and not Reply.objects.filter(author_id=a).exists()
    assert not LearnerProfile.objects.filter(learner_id=a).exists()
    assert not SegmentProgress.objects.filter(learner_id=a).exists()
    assert MentorProfile.objects.get(pk=ada.pk).load == 0
    survivor = Response.objects.get(learner_id=b)
    assert survivor.reply_count == 0 and LearnerProfile.objects.filter(learner_id=b).exists()
    call_command("mentor_retire_user", b)
    assert not Response.objects.exists()


def test_retiring_a_mentor_frees_their_mentees(db):
    ada = MentorProfile.objects.create(course_key=DEV_COURSE_KEY, mentor_id="mentor-anon", username="mentor_ada",
                                       display_name="Ada", capacity=5, load=1)
    LearnerProfile.objects.create(course_key=DEV_COURSE_KEY, learner_id="l1", username="l1", mentor_count=1)
    Assignment.objects.create(course_key=DEV_COURSE_KEY, learner_id="l1", mentor=ada, active_learner="l1", method="auto")
    assert retire(["mentor-anon"])["mentor_profiles"] == 1
    assert not Assignment.objects.exists()
    assert LearnerProfile.objects.get(learner_id="l1").mentor_count == 0


def test_retiring_staff_forgets_who_asked_for_an_export(db):
    from mentor_xblock.models import ExportJob

    mine = ExportJob.objects.create(course_key=DEV_COURSE_KEY, block_key="b", report="progress", requested_by="staff-anon")
    other = ExportJob.objects.create(course_key=DEV_COURSE_KEY, block_key="b", report="progress", requested_by="other")
    retire(["staff-anon"])
    assert ExportJob.objects.get(pk=mine.pk).requested_by == ""
    assert ExportJob.objects.get(pk=other.pk).requested_by == "other"
