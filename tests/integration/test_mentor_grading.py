"""Mentor-assessed grading on the real workbench and the real submissions app (edx-submissions):
the mentor's review sets the learner's score on the server, in the block's weight, so the
gradebook (the LMS's Progress page, tests/oracles/gradebook.py) shows what the author set."""
from datetime import timedelta

import pytest
from django.utils import timezone
from submissions import api as submissions_api
from submissions.models import score_set

from mentor_xblock.core.content import ContentError, validate_content
from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, LearnerProfile, MentorProfile, Response
from tests.conftest import olx
from tests.oracles.gradebook import progress_score

LEARNER, MENTOR = "student_1", "mentor_ada"
THIRD = '  <prompt id="third" min_words="1" visibility="mentor">What will you try next week?</prompt>\n'


def assessed_xml(weight=None, three_prompts=False):
    """reflections.xml (prompts "private" and "open"), mentor-assessed, with a weight and a third prompt."""
    attributes = 'grading="mentor_assessed" ' + (f'weight="{weight}" ' if weight is not None else "")
    xml = olx("reflections.xml").replace("<mentorship ", f"<mentorship {attributes}", 1)
    return xml.replace("  <mentoring", THIRD + "  <mentoring", 1) if three_prompts else xml


def add_block(workbench, name, xml):
    """A scenario whose learner has Ada Okafor as mentor."""
    usage = workbench.add_scenario(name, xml)
    mentor, _ = MentorProfile.objects.get_or_create(
        course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for(MENTOR),
        defaults={"username": MENTOR, "display_name": "Ada Okafor", "capacity": 9},
    )
    learner = anonymous_id_for(LEARNER)
    if not LearnerProfile.objects.filter(course_key=DEV_COURSE_KEY, learner_id=learner).exists():
        LearnerProfile.objects.create(course_key=DEV_COURSE_KEY, learner_id=learner, username=LEARNER, mentor_count=1)
        Assignment.objects.create(course_key=DEV_COURSE_KEY, learner_id=learner, mentor=mentor, active_learner=learner,
                                  method="manual")
    return usage


@pytest.fixture
def block(workbench):
    """Two prompts, weight 2: one point per reviewed prompt."""
    return add_block(workbench, "assessed", assessed_xml(weight=2))


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
    return workbench.post(usage, "review_response", {"response_id": response_id, "status": status, "comment": "Say more about it."},
                          student=MENTOR)


def grade(workbench, usage):
    return workbench.get(usage, "student_view_user_state", student=LEARNER).json()["grade"]


def progress_page(workbench, usage):
    """What the LMS's Progress page shows for the learner in this block."""
    return progress_score(workbench.block(usage), DEV_COURSE_KEY, anonymous_id_for(LEARNER))


def stored(usage):
    """The learner's score in edx-submissions, as (earned, possible), or None."""
    score = submissions_api.get_score({"student_id": anonymous_id_for(LEARNER), "course_id": DEV_COURSE_KEY,
                                       "item_id": usage, "item_type": "mentorship"})
    return (score["points_earned"], score["points_possible"]) if score else None


def test_the_mentors_review_sets_the_learners_score_in_the_gradebook(workbench, block, scores):
    first = submit(workbench, block, "private")
    second = submit(workbench, block, "open")
    assert stored(block) is None  # submitted, not scored yet: 0 of the block's weight
    assert grade(workbench, block) == {"value": 0, "max_value": 2, "source": "mentor_assessed", "reviewed": 0,
                                       "prompts": 2, "reviewed_by": None, "shares": {}}
    assert len(submissions_api.get_submissions(
        {"student_id": anonymous_id_for(LEARNER), "course_id": DEV_COURSE_KEY, "item_id": block,
         "item_type": "mentorship"})) == 2  # one attempt a submit

    assert review(workbench, block, first, "reviewed").status_code == 200
    assert grade(workbench, block) == {"value": 1, "max_value": 2, "source": "mentor_assessed", "reviewed": 1,
                                       "prompts": 2, "reviewed_by": "Ada Okafor", "shares": {"private": 1.0}}
    # The score is the learner's (anonymous id, course, this block): what the LMS grades app reads.
    assert scores[-1]["anonymous_user_id"] == anonymous_id_for(LEARNER)
    assert (scores[-1]["item_id"], scores[-1]["course_id"]) == (block, DEV_COURSE_KEY)
    assert (scores[-1]["points_earned"], scores[-1]["points_possible"]) == (1, 2)

    assert review(workbench, block, second, "needs_revision").status_code == 200
    assert grade(workbench, block)["value"] == 1  # nothing for needs_revision
    submit(workbench, block, "open", "I will listen first and then decide what to do")
    assert review(workbench, block, second, "reviewed").status_code == 200
    assert grade(workbench, block)["value"] == 2 and stored(block) == (2, 2)
    assert workbench.block(block).max_score() == 2.0


def test_a_fully_reviewed_learner_has_weight_of_weight_points_and_the_progress_page_never_jumps(workbench, scores):
    """Three prompts, weight 2. edx-submissions keeps whole points (Score.points_earned is a
    PositiveIntegerField; set_score refuses 1.333), so a partly reviewed learner gets the whole
    points their share covers, rounded down: 2 of 3 reviewed is 1 of 2 points, not 1.333 of 2."""
    usage = add_block(workbench, "three", assessed_xml(weight=2, three_prompts=True))
    assert workbench.block(usage).max_score() == 2.0
    assert progress_page(workbench, usage) == (0.0, 2.0)  # before any score: max_score() scaled by weight
    ids = [submit(workbench, usage, prompt) for prompt in ("private", "open", "third")]
    assert progress_page(workbench, usage) == (0.0, 2.0)
    seen = []
    for response_id in ids:
        assert review(workbench, usage, response_id, "reviewed").status_code == 200
        seen.append(stored(usage))
        assert progress_page(workbench, usage) == seen[-1]  # the submissions score as it is
    assert seen == [(0, 2), (1, 2), (2, 2)]  # 1/3 × 2 → 0, 2/3 × 2 → 1, 3/3 × 2 → 2
    assert (scores[-1]["points_earned"], scores[-1]["points_possible"]) == (2, 2)


def test_a_weight_that_is_a_multiple_of_the_prompts_gives_exact_shares(workbench):
    usage = add_block(workbench, "exact", assessed_xml(weight=3, three_prompts=True))
    ids = [submit(workbench, usage, prompt) for prompt in ("private", "open", "third")]
    review(workbench, usage, ids[0], "reviewed")
    review(workbench, usage, ids[1], "reviewed")
    assert stored(usage) == (2, 3) and progress_page(workbench, usage) == (2, 3)
    warnings = [message.text for message in workbench.block(usage).validate().messages]
    assert not [text for text in warnings if "whole points" in text]  # no rounding to warn about


def test_the_default_weight_is_one_point_earned_when_every_prompt_is_reviewed(workbench):
    usage = add_block(workbench, "default", assessed_xml())
    assert workbench.block(usage).max_score() == 1.0 and progress_page(workbench, usage) == (0.0, 1.0)
    first, second = submit(workbench, usage, "private"), submit(workbench, usage, "open")
    review(workbench, usage, first, "reviewed")
    assert stored(usage) == (0, 1)  # half of one whole point rounds down
    review(workbench, usage, second, "reviewed")
    assert stored(usage) == (1, 1) and progress_page(workbench, usage) == (1, 1)
    # Studio tells the author why a partly reviewed learner has 0 points.
    warnings = [message.text for message in workbench.block(usage).validate().messages]
    assert any("rounded down" in text and "multiple of 2" in text for text in warnings)


def test_a_fractional_weight_is_scored_in_whole_points_and_studio_says_so(workbench):
    usage = add_block(workbench, "fraction", assessed_xml(weight=1.5))
    assert workbench.block(usage).max_score() == 2.0
    for prompt in ("private", "open"):
        review(workbench, usage, submit(workbench, usage, prompt), "reviewed")
    assert stored(usage) == (2, 2)
    warnings = [message.text for message in workbench.block(usage).validate().messages]
    assert any("a weight of 1.5 counts as 2" in text for text in warnings)


def test_weight_zero_counts_for_nothing_before_and_after_review(workbench, scores):
    usage = add_block(workbench, "zero", assessed_xml(weight=0))
    assert workbench.block(usage).max_score() == 0.0 and progress_page(workbench, usage) == (0, 0)
    review(workbench, usage, submit(workbench, usage, "private"), "reviewed")
    assert (scores[-1]["points_earned"], scores[-1]["points_possible"]) == (0, 0)  # hidden, as a reset score is
    assert stored(usage) is None and progress_page(workbench, usage) == (0, 0)
    assert grade(workbench, usage) is None


def test_an_unset_weight_gives_raw_points_as_ora_does(workbench):
    """ORA2's convention: without a weight, the gradebook shows the raw points (one per prompt)."""
    usage = add_block(workbench, "unweighted", assessed_xml(three_prompts=True))
    blk = workbench.block(usage)
    blk.weight = None
    blk.save()
    assert workbench.block(usage).max_score() == 3.0 and progress_page(workbench, usage) == (0.0, 3.0)
    ids = [submit(workbench, usage, prompt) for prompt in ("private", "open")]
    for response_id in ids:
        review(workbench, usage, response_id, "reviewed")
    assert stored(usage) == (2, 3) and progress_page(workbench, usage) == (2, 3)


def test_a_refused_review_sets_no_score(workbench, block, scores):
    response_id = submit(workbench, block, "private")
    assert workbench.post(block, "review_response", {"response_id": response_id, "status": "reviewed"},
                          student="student_2").status_code == 403
    assert review(workbench, block, response_id, "great").status_code == 400
    assert scores == [] and stored(block) is None and grade(workbench, block)["value"] == 0


def test_the_learner_cannot_send_a_grade(workbench, block, events):
    submit(workbench, block, "private")
    assert not [name for name, _data in events if name == "grade"]  # no runtime grade event in this mode
    assert workbench.post(block, "review_response", {"response_id": 1, "status": "reviewed"},
                          student=LEARNER).status_code in (403, 404)
    assert stored(block) is None


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
    assert stored(block) == (1, 2)
    assert grade(workbench, block)["reviewed"] == 1


def test_mobile_data_says_how_the_block_counts(workbench, block):
    data = workbench.block(block).student_view_data()
    assert data["grading"] == {"mode": "mentor_assessed", "max_score": 2.0, "weight": 2.0}
    assert data["completion"] == {"mode": "prompts", "watched_threshold": 0.9}


def test_mentor_assessed_needs_a_prompt():
    with pytest.raises(ContentError, match="grading"):
        validate_content({"grading": "mentor_assessed", "items": []})


def test_student_view_supports_multi_device(workbench, block):
    blk = workbench.block(block)
    assert blk.has_support(blk.student_view, "multi_device")
    assert not blk.has_support(blk.studio_view, "multi_device")
