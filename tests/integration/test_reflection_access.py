"""One rule per action: every action on a response or reply is allowed exactly when the item
is readable under the rule the listings use (reflection_access.readable).

For each kind of item (visible, hidden, a draft, on a private prompt, with a hidden reply)
and each actor (the author, a peer who submitted, a peer who did not, the author's mentor,
another mentor, staff), every action must get its expected status; a refusal must change
nothing in the database; and for everyone but the author, acting is possible iff the item
is in a listing they can get.
"""
import pytest
from django.db import transaction
from django.utils import timezone

from mentor_xblock.dev.courses import DEV_COURSE_KEY
from mentor_xblock.dev.user_service import anonymous_id_for
from mentor_xblock.models import Assignment, Flag, MentorProfile, PostLog, PostQuota, Reply, Response
from tests.conftest import olx

ACTORS = ("student_a", "student_p", "student_q", "mentor_ada", "mentor_bob", "staff_1")
#          author       peer, answered  peer, not     A's mentor    other mentor  staff


@pytest.fixture
def block(workbench):
    usage = workbench.add_scenario("reflections", olx("reflections.xml"))
    workbench.view("reflections")
    return usage


def response(block, student, prompt, submitted=True, role="learner", **fields):
    return Response.objects.create(
        course_key=DEV_COURSE_KEY, block_key=block, prompt_id=prompt, learner_id=anonymous_id_for(student),
        author_name=student, author_role=role, text=f"{student} on {prompt}", draft=f"{student} on {prompt}",
        submitted_at=timezone.now() if submitted else None, **fields,
    )


def reply(target, student, role="learner", **fields):
    return Reply.objects.create(response=target, author_id=anonymous_id_for(student), author_name=student,
                                author_role=role, text=f"{student} replies", **fields)


def mentor(name, *learners):
    profile = MentorProfile.objects.create(course_key=DEV_COURSE_KEY, mentor_id=anonymous_id_for(name),
                                           username=name, display_name=name, capacity=5)
    for learner in learners:
        Assignment.objects.create(course_key=DEV_COURSE_KEY, learner_id=anonymous_id_for(learner), mentor=profile,
                                  active_learner=anonymous_id_for(learner))


def setup(block, scenario):
    """A's response R (as the scenario wants it), a reply by another learner X, one own reply per actor."""
    mentor("mentor_ada", "student_a")
    mentor("mentor_bob", "student_z")
    prompt = "private" if scenario == "private" else "open"
    target = response(block, "student_a", prompt, submitted=scenario != "draft", hidden=scenario == "hidden")
    for peer in ("student_p", "student_x", "student_z"):
        response(block, peer, prompt)
    others = reply(target, "student_x", hidden=scenario == "hidden_reply")
    own = {actor: reply(target, actor, role={"m": "mentor", "s": "staff"}.get(actor[0], "learner")) for actor in ACTORS}
    return target, others, own


def snapshot():
    return (
        list(Response.objects.order_by("pk").values()), list(Reply.objects.order_by("pk").values()),
        list(Flag.objects.order_by("pk").values()), PostLog.objects.count(), PostQuota.objects.count(),
    )


def act(workbench, block, action, actor, target, others, own):
    post = lambda handler, body: workbench.post(block, handler, body, student=actor).status_code  # noqa: E731
    return {
        "reply": lambda: post("post_reply", {"prompt_id": target.prompt_id, "response_id": target.pk, "text": "Hi."}),
        "flag": lambda: post("flag", {"kind": "response", "id": target.pk}),
        "flag_reply": lambda: post("flag", {"kind": "reply", "id": others.pk}),
        "hide": lambda: post("hide", {"kind": "response", "id": target.pk, "hidden": not target.hidden}),
        "hide_reply": lambda: post("hide", {"kind": "reply", "id": others.pk, "hidden": not others.hidden}),
        "review": lambda: post("review_response", {"response_id": target.pk, "status": "reviewed"}),
        "edit_own_reply": lambda: post("edit_reply", {"reply_id": own[actor].pk, "text": "Edited."}),
        "delete_own_reply": lambda: post("delete_reply", {"reply_id": own[actor].pk}),
        "edit_other_reply": lambda: post("edit_reply", {"reply_id": others.pk, "text": "Mine now."}),
    }[action]()


#                         author  answered  not   mentor  other  staff
VISIBLE = {
    "reply":            (200,    200,      404,  200,    404,   200),
    "flag":             (400,    200,      404,  200,    404,   200),
    "flag_reply":       (200,    200,      404,  200,    404,   200),
    "hide":             (403,    403,      403,  200,    403,   200),
    "hide_reply":       (403,    403,      403,  200,    403,   200),
    "review":           (403,    403,      403,  200,    403,   200),
    "edit_own_reply":   (200,    200,      404,  200,    404,   200),
    "delete_own_reply": (200,    200,      404,  200,    404,   200),
    "edit_other_reply": (403,    403,      404,  403,    404,   403),
}
LEARNERS_OUT = (404, 404, 404, 200, 404, 200)  # hidden from learners: only the moderators act
EXPECTED = {
    "visible": VISIBLE,
    "hidden": {**{action: LEARNERS_OUT for action in VISIBLE}, **{a: VISIBLE[a] for a in ("hide", "hide_reply", "review")},
               "edit_other_reply": (404, 404, 404, 403, 404, 403)},
    "draft": {**{action: (404,) * 6 for action in VISIBLE},
              **{a: (403, 403, 403, 404, 403, 404) for a in ("hide", "hide_reply", "review")}},
    "private": {**VISIBLE, "flag": (400, 404, 404, 200, 404, 200),
                **{a: (200, 404, 404, 200, 404, 200) for a in ("reply", "flag_reply", "edit_own_reply", "delete_own_reply")},
                "edit_other_reply": (403, 404, 404, 403, 404, 403)},
    "hidden_reply": {**VISIBLE, "flag_reply": LEARNERS_OUT, "edit_other_reply": (404, 404, 404, 403, 404, 403)},
}


def listed(workbench, block, actor, prompt_id):
    """(response ids, reply ids) in the listing the actor can get (empty if refused)."""
    got = workbench.get(block, "list_responses", student=actor, prompt_id=prompt_id)
    if got.status_code != 200:
        return set(), set()
    rows = got.json()["responses"]
    return {r["id"] for r in rows}, {reply["id"] for r in rows for reply in r["replies"]}


@pytest.mark.parametrize("scenario", sorted(EXPECTED))
def test_each_action_follows_the_reading_rule(workbench, block, scenario):
    target, others, own = setup(block, scenario)
    wrong = []
    for action, statuses in EXPECTED[scenario].items():
        for actor, expected in zip(ACTORS, statuses):
            before = snapshot()
            with transaction.atomic():  # each attempt starts from the same state
                status = act(workbench, block, action, actor, target, others, own)
                if status != 200 and snapshot() != before:
                    wrong.append(f"{action} by {actor}: refused with {status} but changed the database")
                transaction.set_rollback(True)
            if status != expected:
                wrong.append(f"{action} by {actor}: {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)

    # The listing and the actions agree, for everyone but the author (whose items are in their own state).
    for actor in ACTORS[1:]:
        responses, replies = listed(workbench, block, actor, target.prompt_id)
        with transaction.atomic():
            can_reply = act(workbench, block, "reply", actor, target, others, own) == 200
            transaction.set_rollback(True)
        with transaction.atomic():
            can_flag_reply = act(workbench, block, "flag_reply", actor, target, others, own) == 200
            transaction.set_rollback(True)
        assert can_reply == (target.pk in responses), (actor, can_reply, responses)
        assert can_flag_reply == (others.pk in replies), (actor, can_flag_reply, replies)


def test_mentors_and_staffs_own_responses_are_not_peers_responses(workbench, block):
    mentor("mentor_ada", "student_a")
    for student in ("student_a", "student_p"):
        assert workbench.post(block, "submit_response", {"prompt_id": "open", "text": f"{student} says listen"},
                              student=student).status_code == 200
    for student, role in (("mentor_ada", "mentor"), ("staff_1", "staff")):
        assert workbench.post(block, "submit_response", {"prompt_id": "open", "text": "Staff say listen"},
                              student=student).status_code == 200
        assert Response.objects.get(learner_id=anonymous_id_for(student)).author_role == role
    listing = workbench.get(block, "list_responses", student="student_p", prompt_id="open").json()
    assert [r["author"] for r in listing["responses"]] == ["student_a"] and listing["total"] == 1
    staffs = Response.objects.get(learner_id=anonymous_id_for("staff_1"))
    before = snapshot()
    for handler, body in (("post_reply", {"prompt_id": "open", "response_id": staffs.pk, "text": "Hi."}),
                          ("flag", {"kind": "response", "id": staffs.pk})):
        assert workbench.post(block, handler, body, student="student_p").status_code == 404
    assert snapshot() == before
    # Staff see everyone's; the mentor sees her mentee's, not staff's.
    staff_list = workbench.get(block, "list_responses", student="staff_1", prompt_id="open").json()
    assert sorted(r["author"] for r in staff_list["responses"]) == ["mentor_ada", "student_a", "student_p"]
    ada_list = workbench.get(block, "list_responses", student="mentor_ada", prompt_id="open").json()
    assert [r["author"] for r in ada_list["responses"]] == ["student_a"]


def test_a_learner_who_becomes_staff_is_relabelled_on_the_next_submission(workbench, block):
    # The role is stored at write time from the actor's role, so an edit by a pool member
    # (course staff) takes their response out of learners' lists.
    response(block, "mentor_new", "open", role="learner")
    response(block, "student_p", "open")
    assert workbench.get(block, "list_responses", student="student_p", prompt_id="open").json()["total"] == 1
    mentor("mentor_new")
    assert workbench.post(block, "submit_response", {"prompt_id": "open", "text": "Now as a mentor"},
                          student="mentor_new").status_code == 200
    assert workbench.get(block, "list_responses", student="student_p", prompt_id="open").json()["total"] == 0
