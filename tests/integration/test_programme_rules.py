"""The programme's rules on the real workbench runtime and database:

- a refused request changes no row (every mentor_xblock table compared before/after);
- the course's settings are the strictest of its blocks, whichever block a learner goes through;
- rendering any view writes nothing, and GET handlers write no learner or programme state;
- a mentor is never their own mentor, whatever the path.
"""
import pytest
from django.utils import timezone
from django.apps import apps

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, LearnerProfile, MentorProfile, ProgrammeBlock
from mentor_xblock.services import programme
from mentor_xblock.views.studio import editor_state

TAGS = "leadership,careers,marketing,coaching,communication,design"


def module(strategy, per_learner=1, allow_change=True, tags=TAGS, name="Programme"):
    return f"""<mentorship display_name="{name}">
  <prompt id="p" visibility="mentor">Why?</prompt>
  <mentoring strategy="{strategy}" mentors_per_learner="{per_learner}"
             allow_change="{str(allow_change).lower()}" tags="{tags}"/>
</mentorship>"""


def snapshot(skip=()):
    """Every row of every mentor_xblock table (timestamps included), by table."""
    return {
        model.__name__: sorted(map(repr, model.objects.values_list()))
        for model in apps.get_app_config("mentor_xblock").get_models()
        if model.__name__ not in skip
    }


def mentor(username, capacity=1, tags=(), mentor_id=None):
    return MentorProfile.objects.create(
        course_key=DEV_COURSE_KEY, mentor_id=mentor_id or anonymous_id_for(username), username=username,
        display_name=username.replace("_", " ").title(), capacity=capacity, tags=list(tags),
    ).pk


def joined(student, *mentor_pks, limit=5):
    """A learner already in the programme (with mentors), set up through the service, not a block."""
    LearnerProfile.objects.create(course_key=DEV_COURSE_KEY, learner_id=anonymous_id_for(student), username=student,
                                  joined_at=timezone.now())
    return [programme.add_assignment(DEV_COURSE_KEY, anonymous_id_for(student), pk, limit, "manual").pk
            for pk in mentor_pks]


@pytest.fixture
def course(workbench):
    """Blocks of every kind in the workbench course, none recorded yet, and a small pool:
    Ada is full (student_0 has her), Grace has room, and "Self" is the pool profile of
    student_self (a mentor whose staff access ended, now a learner)."""

    class Course:
        choice = workbench.add_scenario("choice", module("learner_choice"))
        fixed = workbench.add_scenario("fixed", module("learner_choice", allow_change=False))
        auto = workbench.add_scenario("auto", module("auto"))
        manual = workbench.add_scenario("manual", module("manual"))
        ada = mentor("mentor_ada", 1, ["leadership"])
        grace = mentor("mentor_grace", 2, ["careers"])
        self_pk = mentor("self", 5, ["leadership", "careers"], mentor_id=anonymous_id_for("student_self"))
        full_assignment = joined("student_0", ada)[0]
        other_assignment = joined("student_2", grace)[0]

    return Course


# --- refusals leave no trace -----------------------------------------------------------------

REFUSALS = [
    # (block, handler, body, student, status); "{x}" names are filled from the course fixture.
    ("choice", "choose_mentor", {"mentor_id": "1"}, "student_1", 400),
    ("choice", "choose_mentor", {"mentor_id": 99999}, "student_1", 404),
    ("choice", "choose_mentor", {"mentor_id": "{ada}"}, "student_1", 409),  # full
    ("choice", "choose_mentor", {"mentor_id": "{self_pk}"}, "student_self", 409),  # their own profile
    ("choice", "choose_mentor", {"mentor_id": "{grace}", "replace": 12345}, "student_1", 404),
    ("choice", "choose_mentor", {"mentor_id": "{grace}", "replace": "{other_assignment}"}, "student_1", 404),
    ("choice", "choose_mentor", {"mentor_id": "{grace}"}, "staff_1", 403),
    ("choice", "choose_mentor", {"mentor_id": "{grace}"}, "mentor_ada", 403),
    ("auto", "choose_mentor", {"mentor_id": "{grace}"}, "student_1", 403),  # not learner_choice
    ("fixed", "choose_mentor", {"mentor_id": "{grace}", "replace": "{full_assignment}"}, "student_0", 403),
    ("choice", "set_interests", {"interests": ["cooking"]}, "student_1", 400),
    ("choice", "set_interests", {"interests": TAGS.split(",")}, "student_1", 400),  # six: too many
    ("choice", "set_interests", {"interests": "leadership"}, "student_1", 400),
    ("choice", "set_interests", {"interests": ["careers"]}, "staff_1", 403),
    ("auto", "join_programme", {"interests": ["cooking"]}, "student_1", 400),
    ("auto", "join_programme", {"interests": [1]}, "student_1", 400),
    ("auto", "join_programme", {}, "mentor_ada", 403),
    ("auto", "join_programme", {}, "staff_1", 403),
    ("auto", "request_change", {"assignment_id": 1, "reason": "x"}, "student_1", 404),  # not joined
    ("auto", "request_change", {"assignment_id": "{full_assignment}", "reason": "  "}, "student_0", 400),
    ("auto", "request_change", {"assignment_id": "{other_assignment}", "reason": "x"}, "student_0", 404),
    ("fixed", "request_change", {"assignment_id": "{full_assignment}", "reason": "x"}, "student_0", 403),
    ("manual", "assign", {"username": "student_1", "mentor_id": "{grace}"}, "staff_1", 404),  # not joined
    ("manual", "assign", {"username": "student_2", "mentor_id": "{ada}"}, "staff_1", 409),  # Ada full
    ("manual", "assign", {"username": "student_0", "mentor_id": "{grace}"}, "staff_1", 409),  # learner full
    ("manual", "assign", {"username": "student_2", "mentor_id": "{grace}"}, "student_1", 403),
    ("manual", "assign", {"username": "student_2", "mentor_id": "{grace}"}, "mentor_ada", 403),
    ("manual", "assign", {"username": "student_2", "mentor_id": "x"}, "staff_1", 400),
    ("manual", "end_assignment", {"assignment_id": 99999}, "staff_1", 404),
    ("manual", "end_assignment", {"assignment_id": "{full_assignment}"}, "student_0", 403),
    ("manual", "resolve_change_request", {"request_id": 99999, "approve": True}, "staff_1", 404),
    ("manual", "resolve_change_request", {"request_id": 1, "approve": "yes"}, "staff_1", 400),
    ("manual", "save_mentor", {"username": "student_9", "display_name": "Not staff"}, "staff_1", 400),
    ("manual", "save_mentor", {"username": "mentor_new", "display_name": "N", "capacity": -1}, "staff_1", 400),
    ("manual", "save_mentor", {"username": "mentor_new", "display_name": "N"}, "student_1", 403),
    ("manual", "auto_assign", {"preview": "no"}, "staff_1", 400),
    ("manual", "auto_assign", {"preview": False}, "mentor_ada", 403),
]


def fill(value, course):
    if isinstance(value, str) and value.startswith("{"):
        return getattr(course, value.strip("{}"))
    if isinstance(value, dict):
        return {key: fill(item, course) for key, item in value.items()}
    return value


@pytest.mark.parametrize("block, handler, body, student, status", REFUSALS)
def test_a_refused_request_changes_no_row(workbench, course, block, handler, body, student, status):
    before = snapshot()
    response = workbench.post(getattr(course, block), handler, fill(body, course), student=student)
    assert response.status_code == status, response.content
    assert response.json()["error"]
    assert snapshot() == before  # no profile for the refused learner, no block recorded, nothing else


def test_a_self_pairing_refused_by_staff_changes_no_row(workbench, course):
    joined("student_self")
    before = snapshot()
    response = workbench.post(course.manual, "assign", {"username": "student_self", "mentor_id": course.self_pk},
                              student="staff_1")
    assert response.status_code == 409 and "own mentor" in response.json()["error"]
    assert snapshot() == before


# --- the course's rule: the strictest of its blocks ------------------------------------------


def test_a_learner_cannot_exceed_the_strictest_block_through_either(workbench):
    loose = workbench.add_scenario("loose", module("learner_choice", per_learner=4, allow_change=True))
    strict = workbench.add_scenario("strict", module("learner_choice", per_learner=1, allow_change=False,
                                                     tags="careers"))
    pks = [mentor(f"mentor_{n}", 2) for n in range(5)]
    # Only the loose block is known yet: four mentors are allowed there.
    assert workbench.get(loose, "mentors", student="student_1").json()["mentors_per_learner"] == 4
    # The strict block becomes known (here: the first handler call through it).
    assert workbench.get(strict, "mentors", student="student_9").status_code == 200
    assert ProgrammeBlock.objects.filter(block_key=strict).exists()
    for usage in (loose, strict):
        state = workbench.get(usage, "mentors", student="student_1").json()
        assert (state["mentors_per_learner"], state["allow_change"]) == (1, False)
        assert set(state["tags"]) == set(TAGS.split(","))  # the union of the blocks' tags
    first = workbench.post(loose, "choose_mentor", {"mentor_id": pks[0]}, student="student_1")
    assert first.status_code == 200, first.content
    mine = first.json()["assignment"]["assignment_id"]
    for usage in (loose, strict):
        more = workbench.post(usage, "choose_mentor", {"mentor_id": pks[1]}, student="student_1")
        assert more.status_code == 409 and "as many mentors" in more.json()["error"]
        switch = workbench.post(usage, "choose_mentor", {"mentor_id": pks[1], "replace": mine}, student="student_1")
        assert switch.status_code == 403
        ask = workbench.post(usage, "request_change", {"assignment_id": mine, "reason": "x"}, student="student_1")
        assert ask.status_code == 403
    assert Assignment.objects.filter(active=True).count() == 1


def test_the_strictest_strategy_applies_through_every_block(workbench):
    choice = workbench.add_scenario("choice", module("learner_choice"))
    auto = workbench.add_scenario("auto", module("auto"))
    ada = mentor("mentor_ada", 3)
    assert workbench.post(choice, "choose_mentor", {"mentor_id": ada}, student="student_1").status_code == 200
    assert workbench.get(auto, "mentors", student="student_1").json()["strategy"] == "auto"  # records `auto`
    refused = workbench.post(choice, "choose_mentor", {"mentor_id": ada}, student="student_2")
    assert refused.status_code == 403 and "assigned, not chosen" in refused.json()["error"]
    joined_state = workbench.post(choice, "join_programme", {}, student="student_2").json()["mentoring"]
    assert joined_state["strategy"] == "auto" and joined_state["mentors"][0]["mentor"]["id"] == ada
    # Staff assigning is stricter still.
    manual = workbench.add_scenario("manual", module("manual"))
    workbench.get(manual, "programme", student="staff_1")
    assert workbench.post(auto, "join_programme", {}, student="student_3").json()["mentoring"]["state"] == "pending"
    assert not Assignment.objects.filter(learner_id=anonymous_id_for("student_3")).exists()


def test_studio_save_records_the_block_and_warns_of_conflicts(workbench):
    loose = workbench.add_scenario("loose", module("learner_choice", per_learner=3))
    strict = workbench.add_scenario("strict", module("learner_choice", per_learner=1))
    # (a) The author saves the strict block in Studio: it is recorded with what was saved.
    state = editor_state(workbench.block(strict, student="staff_1"))
    state["content"]["mentoring"]["allow_change"] = False
    state["content"]["mentoring"]["checkin_days"] = 14
    saved = workbench.post(strict, "studio_submit", state, student="staff_1")
    assert saved.status_code == 200, saved.content
    assert ProgrammeBlock.objects.get(block_key=strict).settings == {
        "strategy": "learner_choice", "mentors_per_learner": 1, "allow_change": False, "tags": TAGS.split(","),
        "response_target_hours": 72, "nudge_days": 0, "mentor_approval": False, "request_expiry_days": 7,
        "checkin_days": 14,
    }
    warnings = [m.text for m in workbench.block(loose, student="staff_1").validate().messages]
    conflict = [text for text in warnings if "stricter or different mentoring settings" in text]
    assert len(conflict) == 1
    assert "mentors per learner: 1" in conflict[0] and "changing mentors: not allowed" in conflict[0]
    assert "check-ins every 14 days" in conflict[0]  # the smallest non-zero of the blocks
    assert not [m for m in workbench.block(strict, student="staff_1").validate().messages
                if "stricter or different" in m.text]
    # Removing the mentoring settings in Studio forgets the block.
    state["content"]["mentoring"] = None
    assert workbench.post(strict, "studio_submit", state, student="staff_1").status_code == 200
    assert not ProgrammeBlock.objects.filter(block_key=strict).exists()


def test_course_publish_records_exactly_the_published_blocks(workbench):
    from mentor_xblock.services.programme.published import record_published_blocks

    first = workbench.add_scenario("first", module("auto", per_learner=2))
    second = workbench.add_scenario("second", module("manual"))
    ProgrammeBlock.objects.create(course_key=DEV_COURSE_KEY, block_key="deleted-block", settings={"strategy": "manual"})
    count = record_published_blocks(DEV_COURSE_KEY, [workbench.block(first), workbench.block(second)])
    assert count == 2
    recorded = dict(ProgrammeBlock.objects.values_list("block_key", "settings"))
    assert set(recorded) == {first, second}
    assert recorded[first]["mentors_per_learner"] == 2 and recorded[second]["strategy"] == "manual"
    assert programme.course_settings(DEV_COURSE_KEY).strategy == "manual"


def test_strictest_rule():
    loose = programme.Settings("learner_choice", 5, True, ("a", "b"))
    strict = programme.Settings("auto", 2, False, ("c",))
    manual = programme.Settings("manual", 3, True, ())
    assert programme.strictest([loose, strict]) == programme.Settings("auto", 2, False, ("a", "b", "c"))
    assert programme.strictest([loose, strict, manual]).strategy == "manual"
    assert programme.strictest([]) is None


# --- rendering never writes -------------------------------------------------------------------


@pytest.mark.parametrize("scenario", ["choice", "auto", "manual"])
def test_rendering_and_get_handlers_write_nothing(workbench, course, scenario):
    usage = getattr(course, scenario)
    before = snapshot()
    for student in ("student_new", "student_0", "student_self", "mentor_ada", "staff_1", "mentor_unlisted"):
        for view in ("student_view", "author_view"):
            assert workbench.view(scenario, student=student, view=view).status_code == 200
    assert snapshot() == before  # views: not even this block's record
    for student in ("student_new", "student_0", "staff_1", "mentor_ada"):
        workbench.get(usage, "mentors", student=student)
        workbench.get(usage, "student_view_user_state", student=student)
        workbench.get(usage, "programme", student=student)
    # GET handlers: only this block's settings record, once.
    assert snapshot(skip=("ProgrammeBlock",)) == {k: v for k, v in before.items() if k != "ProgrammeBlock"}
    assert list(ProgrammeBlock.objects.values_list("block_key", flat=True)) == [usage]


def test_staff_previewing_as_a_learner_takes_no_seat(workbench, course):
    # In the LMS, staff "view as learner" are seen as learners by the runtime: looking takes nothing.
    for _ in range(2):
        assert workbench.view("auto", student="student_preview").status_code == 200
    assert not LearnerProfile.objects.filter(learner_id=anonymous_id_for("student_preview")).exists()
    assert MentorProfile.objects.get(pk=course.grace).load == 1


def test_learners_known_from_their_work_are_asked_first_and_not_matched_until_they_join(workbench, course):
    # Work registers a learner for reports, but joining stays their own explicit action.
    assert workbench.post(course.auto, "save_draft", {"prompt_id": "p", "text": "a draft"},
                          student="student_worker").status_code == 200
    profile = LearnerProfile.objects.get(learner_id=anonymous_id_for("student_worker"))
    assert profile.joined_at is None
    state = workbench.get(course.auto, "mentors", student="student_worker").json()
    assert state["state"] == "join" and state["joined"] is False and state["mentors"] == []
    assert programme.match_course(DEV_COURSE_KEY, preview=True).learners == 0
    assert workbench.get(course.auto, "programme", student="staff_1").json()["summary"]["learners_waiting"] == 0
    answer = workbench.post(course.auto, "join_programme", {"interests": ["careers"]}, student="student_worker")
    assert answer.status_code == 200 and answer.json()["mentoring"]["joined"] is True
    assert len(answer.json()["mentoring"]["mentors"]) == 1  # matched once they joined (auto)


# --- a mentor is never their own mentor ------------------------------------------------------


def test_a_mentor_is_never_matched_with_themselves(workbench, course):
    # learner_choice: not offered, and refused if asked for (test_a_refused_request_changes_no_row).
    offered = workbench.get(course.choice, "mentors", student="student_self").json()["available"]
    assert course.self_pk not in [m["id"] for m in offered] and offered
    # auto: only their own profile has room -> nobody; once Grace has room, Grace.
    MentorProfile.objects.filter(pk=course.grace).update(capacity=1)
    alone = workbench.post(course.auto, "join_programme", {"interests": ["leadership"]}, student="student_self")
    assert alone.status_code == 200 and alone.json()["mentoring"]["mentors"] == []
    MentorProfile.objects.filter(pk=course.grace).update(capacity=2)
    again = workbench.post(course.auto, "join_programme", {}, student="student_self").json()["mentoring"]
    assert [m["mentor"]["id"] for m in again["mentors"]] == [course.grace]
    # bulk matching: a needy learner whose id is a mentor's never gets that mentor.
    Assignment.objects.filter(learner_id=anonymous_id_for("student_self")).update(active=False, active_learner=None)
    LearnerProfile.objects.filter(learner_id=anonymous_id_for("student_self")).update(mentor_count=0)
    MentorProfile.objects.filter(pk=course.grace).update(load=1)
    report = programme.match_course(DEV_COURSE_KEY, preview=False)
    assert report.placed == 0 and report.unplaced_count == 1
    assert not Assignment.objects.filter(active=True, mentor_id=course.self_pk).exists()
    # The service every path ends in refuses it too (CSV import uses it).
    with pytest.raises(programme.AssignmentRefused) as refused:
        programme.add_assignment(DEV_COURSE_KEY, anonymous_id_for("student_self"), course.self_pk, 5, "csv")
    assert refused.value.why == programme.SELF
