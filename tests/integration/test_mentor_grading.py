"""Mentor-assessed grading on the real workbench and the real submissions app (edx-submissions):
the mentor's review sets the learner's score on the server; the learner never sends one."""
from datetime import timedelta

import pytest
from django.utils import timezone
from submissions import api as submissions_api
from submissions.models import score_set

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.core.content import ContentError, validate_content
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, LearnerProfile, MentorProfile, Response
from tests.conftest import olx

LEARNER, MENTOR = "student_1", "mentor_ada"


def assessed_xml():
    return olx("reflections.xml").replace("<mentorship ", '<mentorship grading="mentor_assessed" ', 1)


@pytest.fixture
def block(workbench):
    usage = workbench.add_scenario("assessed", assessed_xml())
    mentor = MentorProfile.objects.create(
        course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for(MENTOR), username=MENTOR, display_name="Ada", capacity=9,
    )
    learner = anonymous_id_for(LEARNER)
    LearnerProfile.objects.create(course_key=DEV_COURSE_KEY, learner_id=learner, username=LEARNER, mentor_count=1)
    Assignment.objects.create(course_key=DEV_COURSE_KEY, learner_id=learner, mentor=mentor, active_learner=learner,
                              method="manual")
    return usage


@pytest.fixture
def scores():
    """What submissions.api.set_score tells the LMS's grades app (its score_set signal)."""
    seen = []

    def receive(sender, **kwargs):
        seen.append(kwargs)

    score_set.connect(receive)
    yield seen
    score_set.disconnect(receive)


def submit(workbench, usage, prompt, text="I will listen before I speak"):
    response = workbench.post(usage, "submit_response", {"prompt_id": prompt, "text": text}, student=LEARNER)
    assert response.status_code == 200, response.content
    return response.json()["response"]["id"]


def review(workbench, usage, response_id, status):
    return workbench.post(usage, "review_response", {"response_id": response_id, "status": status},
                          student=MENTOR)


def grade(workbench, usage):
    return workbench.get(usage, "student_view_user_state", student=LEARNER).json()["grade"]


def test_the_mentors_review_sets_the_learners_score_in_the_gradebook(workbench, block, scores):
    first = submit(workbench, block, "private")
    second = submit(workbench, block, "open")
    assert grade(workbench, block) is None  # submitted, not scored yet
    assert len(submissions_api.get_submissions(
        {"student_id": anonymous_id_for(LEARNER), "course_id": DEV_COURSE_KEY, "item_id": block,
         "item_type": "mentorship"})) == 2  # one attempt a submit

    assert review(workbench, block, first, "reviewed").status_code == 200
    assert grade(workbench, block) == {"value": 1, "max_value": 2, "source": "mentor_assessed"}
    # The score is the learner's (anonymous id, course, this block): what the LMS grades app reads.
    assert scores[-1]["anonymous_user_id"] == anonymous_id_for(LEARNER)
    assert (scores[-1]["item_id"], scores[-1]["course_id"]) == (block, DEV_COURSE_KEY)
    assert (scores[-1]["points_earned"], scores[-1]["points_possible"]) == (1, 2)

    assert review(workbench, block, second, "needs_revision").status_code == 200
    assert grade(workbench, block)["value"] == 1  # nothing for needs_revision
    submit(workbench, block, "open", "I will listen first and then decide what to do")
    assert review(workbench, block, second, "reviewed").status_code == 200
    assert grade(workbench, block) == {"value": 2, "max_value": 2, "source": "mentor_assessed"}
    assert workbench.block(block).max_score() == 2.0


def test_a_refused_review_sets_no_score(workbench, block, scores):
    response_id = submit(workbench, block, "private")
    assert workbench.post(block, "review_response", {"response_id": response_id, "status": "reviewed"},
                          student="student_2").status_code == 403
    assert review(workbench, block, response_id, "great").status_code == 400
    assert scores == [] and grade(workbench, block) is None


def test_the_learner_cannot_send_a_grade(workbench, block, events):
    submit(workbench, block, "private")
    assert not [name for name, _data in events if name == "grade"]  # no runtime grade event in this mode
    assert workbench.post(block, "review_response", {"response_id": 1, "status": "reviewed"},
                          student=LEARNER).status_code in (403, 404)
    assert grade(workbench, block) is None


def test_work_sent_after_the_close_date_earns_nothing_whenever_it_is_reviewed(workbench, block):
    on_time = submit(workbench, block, "private")
    late = submit(workbench, block, "open")
    past = timezone.now() - timedelta(days=2)
    Response.objects.filter(pk=on_time).update(submitted_at=past - timedelta(days=1))
    blk = workbench.block(block)
    blk.due = past
    blk.save()
    review(workbench, block, on_time, "reviewed")
    review(workbench, block, late, "reviewed")
    assert grade(workbench, block) == {"value": 1, "max_value": 2, "source": "mentor_assessed"}


def test_mobile_data_says_how_the_block_counts(workbench, block):
    data = workbench.block(block).student_view_data()
    assert data["grading"] == {"mode": "mentor_assessed", "max_score": 2.0, "weight": 1.0}
    assert data["completion"] == {"mode": "prompts", "watched_threshold": 0.9}


def test_participation_grade_in_user_state(workbench):
    usage = workbench.add_scenario("participation", olx("reflections.xml"))
    submit(workbench, usage, "private")
    assert grade(workbench, usage) == {"value": 0.5, "max_value": 1.0, "source": "participation"}


def test_mentor_assessed_needs_a_prompt():
    with pytest.raises(ContentError, match="grading"):
        validate_content({"grading": "mentor_assessed", "items": []})


def test_student_view_supports_multi_device(workbench, block):
    blk = workbench.block(block)
    assert blk.has_support(blk.student_view, "multi_device")
    assert not blk.has_support(blk.studio_view, "multi_device")
