"""The mentor programme on the real workbench runtime and database: strategies, changes, staff, bulk.

All workbench blocks share one course, and the course's programme rule is the strictest of
the blocks recorded so far (a block is recorded by the first programme handler called through
it), so each test here works through blocks of one kind unless it is about mixing them
(see test_programme_rules.py).
"""
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, ChangeRequest, LearnerProfile, MentorProfile
from mentor_xblock.services import programme

TAGS = "leadership,careers,marketing,coaching,communication,design"


def module(strategy: str, per_learner: int = 1, allow_change: bool = True) -> str:
    return f"""<mentorship display_name="Programme {strategy}">
  <prompt id="p" visibility="mentor">Why?</prompt>
  <mentoring strategy="{strategy}" mentors_per_learner="{per_learner}"
             allow_change="{str(allow_change).lower()}" tags="{TAGS}"/>
</mentorship>"""


@pytest.fixture
def prog(workbench, events):
    """Blocks of each strategy in the (one) workbench course, and a helper to fill the pool."""

    class Programme:
        auto = workbench.add_scenario("auto", module("auto"))
        choice = workbench.add_scenario("choice", module("learner_choice"))
        manual = workbench.add_scenario("manual", module("manual"))
        # The loosest settings possible: staff save mentors through it without tightening the course's rule.
        pool = workbench.add_scenario("pool", module("learner_choice", per_learner=5))

        @staticmethod
        def mentor(username, capacity=1, tags=(), **extra):
            body = {"username": username, "display_name": username.replace("_", " ").title(),
                    "bio": f"Bio of {username}", "tags": list(tags), "capacity": capacity, **extra}
            response = workbench.post(Programme.pool, "save_mentor", body, student="staff_1")
            assert response.status_code == 200, response.content
            return response.json()["mentor"]["id"]

        @staticmethod
        def state(usage, student):
            response = workbench.get(usage, "mentors", student=student)
            assert response.status_code == 200, response.content
            return response.json()

        @staticmethod
        def join(usage, student, interests=None):
            """The learner answers (or skips) the interests question; returns their fresh state."""
            body = {} if interests is None else {"interests": interests}
            response = workbench.post(usage, "join_programme", body, student=student)
            assert response.status_code == 200, response.content
            return response.json()["mentoring"]

    return Programme


def active_of(student):
    return list(
        Assignment.objects.filter(learner_id=anonymous_id_for(student), active=True).values_list("mentor_id", flat=True)
    )


def loads():
    return {m.username: (m.load, m.capacity) for m in MentorProfile.objects.all()}


# --- auto ----------------------------------------------------------------------------


def test_auto_matches_when_the_learner_joins_and_shows_the_card(workbench, prog, events):
    ada = prog.mentor("mentor_ada", 2, ["leadership"], contact_url="https://example.com/book/ada")
    # Looking is not joining: the page and the GET handler ask, and change nothing.
    page = workbench.view("auto", student="student_1").content.decode()
    assert 'data-role="mw-join"' in page and "Mentor Ada</h4>" not in page  # no card (the name is offered to rank)
    assert prog.state(prog.auto, "student_1")["state"] == "join"
    assert not LearnerProfile.objects.exists() and not Assignment.objects.exists()
    assert prog.join(prog.auto, "student_1")["state"] == "assigned"  # skipped the interests question
    page = workbench.view("auto", student="student_1").content.decode()
    assert "Mentor Ada" in page and "Bio of mentor_ada" in page and "https://example.com/book/ada" in page
    assert active_of("student_1") == [ada]
    assert ("edx.mentorship.mentor.assigned", {
        "assignment_id": Assignment.objects.get().pk, "mentor_profile_id": ada,
        "learner_id": anonymous_id_for("student_1"), "method": "auto", "why": "load",
    }) in events
    # A second visit (view or handler), or joining again, changes nothing.
    workbench.view("auto", student="student_1")
    prog.join(prog.auto, "student_1")
    state = prog.state(prog.auto, "student_1")
    assert state["state"] == "assigned" and [m["mentor"]["id"] for m in state["mentors"]] == [ada]
    assert Assignment.objects.count() == 1 and loads()["mentor_ada"] == (1, 2)
    assert workbench.get(prog.auto, "student_view_user_state", student="student_1").json()["mentors"][0]["mentor"]["id"] == ada


def test_auto_fills_capacity_then_says_no_capacity_left(workbench, prog):
    prog.mentor("mentor_ada", 2)
    prog.mentor("mentor_grace", 1)
    prog.mentor("mentor_linus", 1)
    for n in range(1, 5):
        assert prog.join(prog.auto, f"student_{n}")["state"] == "assigned"
    assert loads() == {"mentor_ada": (2, 2), "mentor_grace": (1, 1), "mentor_linus": (1, 1)}
    late = prog.join(prog.auto, "student_5")
    assert late["state"] == "no_capacity" and late["mentors"] == []
    assert "fully booked" in workbench.view("auto", student="student_5").content.decode()
    assert LearnerProfile.objects.get(learner_id=anonymous_id_for("student_5")).mentor_count == 0


def test_auto_prefers_shared_interests_then_the_lightest_load(workbench, prog):
    ada = prog.mentor("mentor_ada", 5, ["leadership"])
    grace = prog.mentor("mentor_grace", 5, ["careers", "design"])
    # Answering the interests question joins, then the match picks by overlap.
    answer = prog.join(prog.auto, "student_1", ["design", "careers"])
    assert answer["interests"] == ["design", "careers"] and answer["mentors"][0]["mentor"]["id"] == grace
    # Skipped: lowest load ratio after taking the learner (ada 1/5 beats grace 2/5).
    assert prog.join(prog.auto, "student_2")["mentors"][0]["mentor"]["id"] == ada
    # set_interests joins too (and matches in auto).
    response = workbench.post(prog.auto, "set_interests", {"interests": ["leadership"]}, student="student_3")
    assert response.status_code == 200 and response.json()["interests"] == ["leadership"]
    assert [a["mentor"]["id"] for a in response.json()["assigned"]] == [ada]


def test_several_mentors_per_learner(workbench, prog):
    two = workbench.add_scenario("two", module("auto", per_learner=2))
    for name in ("mentor_ada", "mentor_grace", "mentor_linus"):
        prog.mentor(name, 3)
    assert len(prog.join(two, "student_1")["mentors"]) == 2
    assert LearnerProfile.objects.get(learner_id=anonymous_id_for("student_1")).mentor_count == 2


# --- learner_choice ------------------------------------------------------------------------


def test_learner_chooses_and_switches(workbench, prog, events):
    ada = prog.mentor("mentor_ada", 1, ["leadership"])
    grace = prog.mentor("mentor_grace", 2, ["careers"])
    state = prog.state(prog.choice, "student_1")
    assert state["state"] == "join" and Assignment.objects.count() == 0  # not joined yet; choosing joins
    assert prog.join(prog.choice, "student_1")["state"] == "choose"  # no automatic assignment
    assert Assignment.objects.count() == 0
    assert {m["id"] for m in state["available"]} == {ada, grace}
    assert {"display_name", "bio", "tags", "load", "capacity", "free"} <= set(state["available"][0])
    assert "Choose Mentor Ada" in workbench.view("choice", student="student_1").content.decode()

    chosen = workbench.post(prog.choice, "choose_mentor", {"mentor_id": ada}, student="student_1")
    assert chosen.status_code == 200 and chosen.json()["mentoring"]["state"] == "assigned"
    first = chosen.json()["assignment"]["assignment_id"]
    # Ada is now full: another learner cannot take her and does not see her.
    assert [m["id"] for m in prog.state(prog.choice, "student_2")["available"]] == [grace]
    refused = workbench.post(prog.choice, "choose_mentor", {"mentor_id": ada}, student="student_2")
    assert refused.status_code == 409 and "no free place" in refused.json()["error"]
    # A second mentor is one too many; switching is allowed.
    extra = workbench.post(prog.choice, "choose_mentor", {"mentor_id": grace}, student="student_1")
    assert extra.status_code == 409
    switched = workbench.post(prog.choice, "choose_mentor", {"mentor_id": grace, "replace": first}, student="student_1")
    assert switched.status_code == 200, switched.content
    assert active_of("student_1") == [grace]
    old = Assignment.objects.get(pk=first)
    assert not old.active and old.ended_at and old.ended_by == anonymous_id_for("student_1")
    assert loads() == {"mentor_ada": (0, 1), "mentor_grace": (1, 2)}
    assert [name for name, _ in events if name.startswith("edx.mentorship.mentor.")] == [
        "edx.mentorship.mentor.assigned", "edx.mentorship.mentor.ended", "edx.mentorship.mentor.assigned",
    ]


def test_choosing_is_refused_outside_learner_choice_and_for_bad_input(workbench, prog):
    ada = prog.mentor("mentor_ada", 1)
    for body, status in [({}, 400), ({"mentor_id": "1"}, 400), ({"mentor_id": 99999}, 404),
                         ({"mentor_id": ada, "replace": 12345}, 404)]:
        response = workbench.post(prog.choice, "choose_mentor", body, student="student_1")
        assert response.status_code == status, (body, response.content)
        assert response.json()["error"]
    assert Assignment.objects.count() == 0 and loads()["mentor_ada"] == (0, 1)
    assert workbench.post(prog.manual, "choose_mentor", {"mentor_id": ada}, student="student_1").status_code == 403


# --- manual ------------------------------------------------------------------------------


def test_manual_staff_assign_reassign_and_end(workbench, prog, events):
    ada = prog.mentor("mentor_ada", 2)
    grace = prog.mentor("mentor_grace", 2)
    assert prog.join(prog.manual, "student_1")["state"] == "pending" and Assignment.objects.count() == 0
    page = workbench.view("manual", student="student_1").content.decode()
    assert "The programme team will assign a mentor to you" in page

    made = workbench.post(prog.manual, "assign", {"username": "student_1", "mentor_id": ada, "reason": "good fit"},
                          student="staff_1")
    assert made.status_code == 200, made.content
    first = made.json()["assignment"]["assignment_id"]
    assert prog.state(prog.manual, "student_1")["mentors"][0]["mentor"]["id"] == ada
    again = workbench.post(prog.manual, "assign", {"username": "student_1", "mentor_id": grace}, student="staff_1")
    assert again.status_code == 409  # one mentor configured

    moved = workbench.post(prog.manual, "assign", {"learner_id": anonymous_id_for("student_1"), "mentor_id": grace,
                                                   "replace": first}, student="staff_1")
    assert moved.status_code == 200 and active_of("student_1") == [grace]
    second = moved.json()["assignment"]["assignment_id"]
    ended = workbench.post(prog.manual, "end_assignment", {"assignment_id": second, "reason": "programme over"},
                           student="staff_1")
    assert ended.status_code == 200 and ended.json()["active"] is False
    assert workbench.post(prog.manual, "end_assignment", {"assignment_id": second}, student="staff_1").status_code == 409
    history = list(Assignment.objects.order_by("pk").values_list(
        "method", "active", "created_by", "reason", "ended_by", "end_reason"))
    staff = anonymous_id_for("staff_1")
    assert history == [("manual", False, staff, "good fit", staff, "reassigned by staff"),
                       ("manual", False, staff, "", staff, "programme over")]
    assert loads() == {"mentor_ada": (0, 2), "mentor_grace": (0, 2)}
    assert LearnerProfile.objects.get(learner_id=anonymous_id_for("student_1")).mentor_count == 0
    assert "edx.mentorship.mentor.ended" in [name for name, _ in events]


def test_assign_needs_a_known_learner(workbench, prog):
    ada = prog.mentor("mentor_ada", 2)
    for body, status in [({"mentor_id": ada}, 400), ({"username": "nobody", "mentor_id": ada}, 404)]:
        response = workbench.post(prog.manual, "assign", body, student="staff_1")
        assert response.status_code == status and response.json()["error"]


# --- change requests -----------------------------------------------------------------------


def test_change_request_approved_gives_another_mentor(workbench, prog, events):
    ada = prog.mentor("mentor_ada", 1)
    grace = prog.mentor("mentor_grace", 1)
    mine = prog.join(prog.auto, "student_1")["mentors"][0]
    assert mine["mentor"]["id"] == ada
    body = {"assignment_id": mine["assignment_id"], "reason": "Different time zone"}
    asked = workbench.post(prog.auto, "request_change", body, student="student_1")
    assert asked.status_code == 200 and asked.json()["mentoring"]["pending_change"]["reason"] == "Different time zone"
    assert workbench.post(prog.auto, "request_change", body, student="student_1").status_code == 409
    request_id = asked.json()["request_id"]
    # Learners and mentors can't resolve; staff see it in the queue.
    for who in ("student_1", "mentor_ada"):
        denied = workbench.post(prog.auto, "resolve_change_request", {"request_id": request_id, "approve": True}, student=who)
        assert denied.status_code == 403
    queue = workbench.get(prog.auto, "programme", student="staff_1", list="requests").json()
    assert [item["id"] for item in queue["items"]] == [request_id] and queue["summary"]["pending_changes"] == 1
    done = workbench.post(prog.auto, "resolve_change_request", {"request_id": request_id, "approve": True,
                                                                "note": "ok"}, student="staff_1")
    assert done.status_code == 200, done.content
    assert [a["mentor"]["id"] for a in done.json()["assigned"]] == [grace]
    assert active_of("student_1") == [grace]
    old = Assignment.objects.get(pk=mine["assignment_id"])
    assert not old.active and old.end_reason == "change request: Different time zone"
    assert ChangeRequest.objects.get().status == "approved"
    again = workbench.post(prog.auto, "resolve_change_request", {"request_id": request_id, "approve": False},
                           student="staff_1")
    assert again.status_code == 409
    # The next visit does not bring Ada back.
    assert prog.state(prog.auto, "student_1")["mentors"][0]["mentor"]["id"] == grace
    assert "edx.mentorship.mentor.change_resolved" in [name for name, _ in events]


def test_change_request_declined_keeps_the_mentor_and_can_be_refused(workbench, prog):
    ada = prog.mentor("mentor_ada", 2)
    mine = prog.join(prog.auto, "student_1")["mentors"][0]
    asked = workbench.post(prog.auto, "request_change", {"assignment_id": mine["assignment_id"], "reason": "x"},
                           student="student_1").json()
    declined = workbench.post(prog.auto, "resolve_change_request", {"request_id": asked["request_id"], "approve": False},
                              student="staff_1")
    assert declined.status_code == 200 and active_of("student_1") == [ada]
    assert ChangeRequest.objects.get().status == "declined"
    # With bad input nothing is created (a course that allows no change: test_programme_rules.py).
    for usage, body, status in [
        (prog.auto, {"assignment_id": mine["assignment_id"], "reason": "   "}, 400),
        (prog.auto, {"assignment_id": 999, "reason": "please"}, 404),
        (prog.auto, {"assignment_id": mine["assignment_id"], "reason": "x" * 1001}, 400),
    ]:
        response = workbench.post(usage, "request_change", body, student="student_1")
        assert response.status_code == status, (body, response.content)
    # Another learner cannot ask about student_1's assignment.
    prog.join(prog.auto, "student_2")
    other = workbench.post(prog.auto, "request_change", {"assignment_id": mine["assignment_id"], "reason": "mine"},
                           student="student_2")
    assert other.status_code == 404
    assert ChangeRequest.objects.count() == 1


# --- interests ---------------------------------------------------------------------------


@pytest.mark.parametrize("interests, fragment", [
    ("leadership", "programme's topics"), (["leadership", 3], "programme's topics"), (["cooking"], "Not a topic"),
    (["leadership", "careers", "marketing", "coaching", "communication", "design"], "at most 5"),
])
def test_bad_interests_are_refused_and_change_nothing(workbench, prog, interests, fragment):
    workbench.post(prog.manual, "set_interests", {"interests": ["careers"]}, student="student_1")
    response = workbench.post(prog.manual, "set_interests", {"interests": interests}, student="student_1")
    assert response.status_code == 400 and fragment in response.json()["error"]
    assert LearnerProfile.objects.get().interests == ["careers"]


# --- staff: pool and permissions ------------------------------------------------------------


def test_save_mentor_validates_and_never_touches_load(workbench, prog):
    ada = prog.mentor("mentor_ada", 2, ["leadership"])
    prog.join(prog.auto, "student_1")
    for body, fragment in [
        ({"username": "student_9", "display_name": "Not staff"}, "course staff access"),
        ({"display_name": "No user"}, "does not say the user name"),
        ({"username": "mentor_ada", "display_name": ""}, "mentor's name"),
        ({"username": "mentor_ada", "display_name": "A", "capacity": -1}, "number of mentees"),
        ({"username": "mentor_ada", "display_name": "A", "capacity": "3"}, "number of mentees"),
        ({"username": "mentor_ada", "display_name": "A", "tags": ["Bad!Tag"]}, "topics"),
        ({"username": "mentor_ada", "display_name": "A", "contact_url": "javascript:alert(1)"}, "contact link"),
        ({"username": "mentor_ada", "display_name": "A", "active": "yes"}, "takes learners"),
    ]:
        response = workbench.post(prog.pool, "save_mentor", body, student="staff_1")
        assert response.status_code == 400 and fragment in response.json()["error"], (body, response.content)
    assert MentorProfile.objects.get().display_name == "Mentor Ada"
    # Lowering capacity below the load keeps the learners and takes nobody new.
    updated = workbench.post(prog.pool, "save_mentor", {"username": "mentor_ada", "display_name": "Ada L.",
                                                          "capacity": 0, "tags": "leadership, Coaching"}, student="staff_1")
    assert updated.status_code == 200 and updated.json()["created"] is False
    row = MentorProfile.objects.get(pk=ada)
    assert (row.display_name, row.capacity, row.load, row.tags) == ("Ada L.", 0, 1, ["leadership", "coaching"])
    assert prog.join(prog.auto, "student_2")["state"] == "no_capacity"


@pytest.mark.parametrize("handler, body", [
    ("save_mentor", {"username": "mentor_grace", "display_name": "G"}),
    ("assign", {"username": "student_1", "mentor_id": 1}),
    ("end_assignment", {"assignment_id": 1}),
    ("resolve_change_request", {"request_id": 1, "approve": True}),
    ("auto_assign", {"preview": True}),
])
@pytest.mark.parametrize("who", ["student_2", "mentor_ada"])
def test_learners_and_mentors_cannot_run_the_programme(workbench, prog, handler, body, who):
    prog.mentor("mentor_ada", 2)
    prog.join(prog.auto, "student_1")
    before = list(Assignment.objects.values_list("pk", "active"))
    response = workbench.post(prog.auto, handler, body, student=who)
    assert response.status_code == 403 and response.json()["error"]
    assert list(Assignment.objects.values_list("pk", "active")) == before
    assert MentorProfile.objects.count() == 1
    assert workbench.get(prog.auto, "programme", student=who).status_code == 403


def test_learners_never_see_other_learners_or_rosters(workbench, prog):
    prog.mentor("mentor_ada", 3)
    prog.join(prog.auto, "student_1")
    state = prog.join(prog.auto, "student_2")
    text = str(state)
    assert anonymous_id_for("student_1") not in text and "student_1" not in text
    assert "learner_id" not in text and anonymous_id_for("mentor_ada") not in text
    assert workbench.get(prog.auto, "student_view_user_state", student="student_2").json()["mentors"] == state["mentors"]
    # Mentors and staff have no mentors of their own and are not put in the queue.
    assert prog.state(prog.auto, "student_2")["mentors"][0]["mentor"]["load"] == 2
    assert workbench.get(prog.auto, "mentors", student="mentor_ada").status_code == 403
    assert workbench.get(prog.auto, "student_view_user_state", student="staff_1").json()["mentors"] == []
    assert not LearnerProfile.objects.filter(learner_id=anonymous_id_for("staff_1")).exists()


def test_programme_lists_are_paged_for_staff(workbench, prog):
    for n in range(25):
        MentorProfile.objects.create(course_key=DEV_COURSE_KEY, mentor_id=f"m{n:02}", display_name=f"M{n:02}", capacity=1)
    for n in range(3):
        prog.join(prog.auto, f"student_{n}")
    first = workbench.get(prog.manual, "programme", student="staff_1").json()
    assert (len(first["items"]), first["total"], first["page_size"]) == (20, 25, 20)
    second = workbench.get(prog.manual, "programme", student="staff_1", page=2).json()
    assert len(second["items"]) == 5
    assert first["summary"] == {"active_mentors": 25, "free_places": 22, "learners_waiting": 0, "pending_changes": 0,
                                "open_reports": 0, "mail_failed": 0}
    learners = workbench.get(prog.manual, "programme", student="staff_1", list="learners").json()
    assert learners["total"] == 3 and all(len(item["mentors"]) == 1 for item in learners["items"])
    for params in ({"page": "0"}, {"page": "x"}, {"list": "everything"}):
        response = workbench.get(prog.manual, "programme", student="staff_1", **params)
        assert response.status_code == 400 and response.json()["error"]


def test_view_queries_do_not_grow_with_learners(workbench, prog):
    prog.mentor("mentor_ada", 100)
    workbench.view("auto", student="student_a")

    def count(student, usage="auto"):
        with CaptureQueriesContext(connection) as queries:
            assert workbench.view(usage, student=student).status_code == 200
        return len(queries)

    few = count("student_a"), count("staff_1"), count("mentor_ada")
    for n in range(30):
        prog.join(prog.auto, f"learner_{n}")
    assert (count("student_a"), count("staff_1"), count("mentor_ada")) == few
    with CaptureQueriesContext(connection) as queries:
        workbench.get(prog.auto, "programme", student="staff_1", list="learners")
    assert len(queries) <= 12


# --- bulk matching ---------------------------------------------------------------------------


def waiting_learners(workbench, prog, count, tags=None):
    for n in range(count):
        prog.join(prog.manual, f"learner_{n}", tags[n % len(tags)] if tags else None)  # manual: no assignment


def test_bulk_preview_then_apply(workbench, prog, events):
    ada = prog.mentor("mentor_ada", 2, ["leadership"])
    grace = prog.mentor("mentor_grace", 2, ["careers"])
    waiting_learners(workbench, prog, 5, tags=[["leadership"], ["careers"]])
    preview = workbench.post(prog.manual, "auto_assign", {"preview": True}, student="staff_1")
    assert preview.status_code == 200, preview.content
    report = preview.json()
    assert (report["learners"], report["placed"], report["unplaced_count"], report["total_overlap"]) == (5, 4, 1, 4)
    assert report["unplaced"][0]["reason"] == "no mentor with free capacity"
    assert Assignment.objects.count() == 0  # a preview assigns nobody
    by_mentor = {row["username"]: row["mentor_id"] for row in report["assignments"]}
    assert by_mentor["learner_0"] == ada and by_mentor["learner_1"] == grace

    applied = workbench.post(prog.manual, "auto_assign", {"preview": False}, student="staff_1").json()
    assert applied["placed"] == 4 and applied["lost_count"] == 0
    assert {row["username"]: row["mentor_id"] for row in applied["assignments"]} == by_mentor
    assert loads() == {"mentor_ada": (2, 2), "mentor_grace": (2, 2)}
    assert set(Assignment.objects.values_list("method", flat=True)) == {"bulk"}
    assert ("edx.mentorship.mentor.bulk_assigned", {"placed": 4, "lost": 0, "unplaced": 1}) in events
    assert workbench.post(prog.manual, "auto_assign", {"preview": "no"}, student="staff_1").status_code == 400


def test_bulk_apply_reports_pairs_that_lost_a_race(workbench, prog, monkeypatch):
    from mentor_xblock.services.programme import bulk

    ada = prog.mentor("mentor_ada", 1)
    waiting_learners(workbench, prog, 1)
    real_match = bulk.match

    def match_then_someone_arrives(learners, mentors):
        result = real_match(learners, mentors)
        # Another learner joins and staff give them Ada's last place before the bulk applies.
        prog.join(prog.manual, "student_fast")
        fast = workbench.post(prog.manual, "assign", {"username": "student_fast", "mentor_id": ada}, student="staff_1")
        assert fast.status_code == 200, fast.content
        return result

    monkeypatch.setattr(bulk, "match", match_then_someone_arrives)
    report = programme.match_course(DEV_COURSE_KEY, preview=False)
    assert report.placed == 0 and report.lost == [{
        "learner_id": anonymous_id_for("learner_0"), "username": "learner_0", "mentor_id": ada,
        "mentor": "Mentor Ada", "why": programme.MENTOR_FULL,
    }]
    assert loads()["mentor_ada"] == (1, 1) and active_of("learner_0") == []


def test_management_command_previews_and_applies(workbench, prog):
    prog.mentor("mentor_ada", 1)
    waiting_learners(workbench, prog, 2)
    out = io.StringIO()
    call_command("mentor_auto_assign", course=DEV_COURSE_KEY, preview=True, stdout=out)
    assert "2 learners need mentors, 1 active mentors: would place 1, 1 left over" in out.getvalue()
    assert "Preview only" in out.getvalue() and Assignment.objects.count() == 0
    out = io.StringIO()
    call_command("mentor_auto_assign", course=DEV_COURSE_KEY, stdout=out)
    assert "placed 1, 1 left over, 0 lost a race" in out.getvalue()
    assert "learner_0 -> Mentor Ada" in out.getvalue()
    assert Assignment.objects.filter(active=True).count() == 1
    out = io.StringIO()
    call_command("mentor_auto_assign", course=DEV_COURSE_KEY, stdout=out)
    assert "1 learners need mentors" in out.getvalue() and "placed 0" in out.getvalue()


# --- demo -----------------------------------------------------------------------------------


def test_demo_pool_is_idempotent_and_fills_up(workbench, prog):
    from mentor_xblock.dev.demo import load_demo_data
    from mentor_xblock.models import ProgrammeBlock

    load_demo_data()
    load_demo_data()
    assert loads() == {"mentor_ada": (0, 2), "mentor_grace": (0, 1), "mentor_linus": (0, 1)}
    # The demo's blocks are recorded: the auto module in the dev course, the learner_choice one in its own.
    recorded = dict(ProgrammeBlock.objects.values_list("block_key", "settings"))
    leadership, choice = workbench.usage_id("mentorship.0"), workbench.usage_id("mentorship.3")
    assessed = workbench.usage_id("mentorship.4")  # the mentor-assessed demo, also in the dev course
    requests = workbench.usage_id("mentorship.5")  # mentors accept or decline requests: its own course too
    assert set(recorded) == {leadership, choice, assessed, requests}
    assert (recorded[leadership]["strategy"], recorded[choice]["strategy"]) == ("auto", "learner_choice")
    assert recorded[requests]["mentor_approval"] is True
    for n in range(1, 5):
        assert prog.join(leadership, f"student_{n}")["state"] == "assigned"
        assert "Your mentor" in workbench.view("mentorship.0", student=f"student_{n}").content.decode()
    assert prog.join(leadership, "student_5")["state"] == "no_capacity"
    assert "fully booked" in workbench.view("mentorship.0", student="student_5").content.decode()
    # The learner_choice module is a course of its own in the workbench, with its own pool.
    assert prog.state(choice, "student_5")["strategy"] == "learner_choice"
    assert prog.state(choice, "student_5")["state"] == "join"
    assert "You mentor 2 of up to 2 learners" in workbench.view("mentorship.0", student="mentor_ada").content.decode()
    staff_page = workbench.view("mentorship.0", student="staff_1").content.decode()
    assert 'data-role="programme-dashboard"' in staff_page and 'data-role="mentor-widget"' not in staff_page
