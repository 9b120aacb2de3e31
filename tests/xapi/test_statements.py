"""Each documented `edx.mentorship.*` event becomes a valid xAPI statement through event-routing-backends
(docs/platform.md "xAPI"): first every event with the payload docs/api.md documents, then the events
the real handlers publish in the workbench, captured and transformed."""
import json

import pytest

from mentor_xblock.analytics.catalogue import EVENTS, EXTENSION_EVENT, NAMESPACE, verbs_of
from tests.conftest import olx
from tests.xapi.conftest import LMS_ROOT_URL, lms_event

COURSE = "course-v1:OpenedX+Mentor+2026"
USAGE = "block-v1:OpenedX+Mentor+2026+type@mentorship+block@6f1c2b"

# What the block publishes, field for field as docs/api.md documents each event.
SAMPLES = {
    "edx.mentorship.segment.watched": {"segment_id": "why", "coverage": 0.92},
    "edx.mentorship.segment.read": {"segment_id": "why", "read_seconds": 48.5},
    "edx.mentorship.response.submitted": {"prompt_id": "your-why", "response_id": 12, "word_count": 57},
    "edx.mentorship.response.edited": {"prompt_id": "your-why", "response_id": 12, "word_count": 61},
    "edx.mentorship.reply.posted": {"prompt_id": "your-why", "response_id": 12, "reply_id": 7, "role": "mentor"},
    "edx.mentorship.item.flagged": {"kind": "reply", "id": 7},
    "edx.mentorship.item.unflagged": {"kind": "reply", "id": 7},
    "edx.mentorship.item.moderated": {"kind": "response", "id": 12, "action": "hide"},
    "edx.mentorship.response.reviewed": {"response_id": 12, "status": "needs_revision"},
    "edx.mentorship.notifications.set": {"mode": "digest"},
    "edx.mentorship.assignments.imported": {"count": 40},
    "edx.mentorship.export.started": {"report": "assignments", "job_id": 3, "total": 12000},
    "edx.mentorship.mentor.assigned": {"assignment_id": 5, "mentor_profile_id": 2, "learner_id": "8f14e45fceea167a",
                                       "method": "auto"},
    "edx.mentorship.mentor.bulk_assigned": {"placed": 38, "lost": 1, "unplaced": 2},
    "edx.mentorship.mentor.ended": {"assignment_id": 5, "mentor_profile_id": 2, "learner_id": "8f14e45fceea167a",
                                    "why": "staff"},
    "edx.mentorship.mentor.change_requested": {"request_id": 4, "assignment_id": 5},
    "edx.mentorship.mentor.change_resolved": {"request_id": 4, "approved": False},
    "edx.mentorship.interests.updated": {"interests": ["careers", "design"]},
    "edx.mentorship.programme.joined": {"interests": []},
    "edx.mentorship.mentor_profile.saved": {"mentor_profile_id": 2, "created": True, "capacity": 5, "active": True},
    "edx.mentorship.mentor.requested": {"request_id": 9, "mentor_profile_id": 2, "rank": 1},
    "edx.mentorship.mentor.request_answered": {"request_id": 9, "status": "declined", "accepted": False},
    "edx.mentorship.mentor.request_withdrawn": {"request_id": 9},
    "edx.mentorship.checkin.answered": {"assignment_id": 5, "as": "learner", "period": 1, "rating": 2, "skipped": False},
    "edx.mentorship.closing.answered": {"assignment_id": 5, "as": "mentor", "skipped": True},
}


def transform(event: dict):
    """Through the registry, as ERB's XApiProcessor does (these tests import ERB and tincan late:
    without them they skip, conftest.py)."""
    from event_routing_backends.processors.xapi.registry import XApiTransformersRegistry

    return XApiTransformersRegistry.get_transformer(event).transform()


def valid(statement, event: dict) -> dict:
    """The statement survives tincan's own round trip and has what an LRS and Aspects require."""
    from tincan import Statement

    as_json = statement.to_json()
    again = Statement.from_json(as_json)  # tincan re-validates every part (IRIs, language maps, types)
    assert again.to_json() == as_json
    found = json.loads(as_json)
    assert found["version"] == "1.0.3" and found["id"] and found["timestamp"]
    assert found["actor"]["account"]["homePage"] == LMS_ROOT_URL and found["actor"]["account"]["name"]
    mapping = EVENTS[event["name"]]
    assert found["verb"]["id"] in {verb.iri for verb in verbs_of(mapping)} and found["verb"]["display"]["en"]
    assert found["object"]["objectType"] == "Activity" and found["object"]["id"].startswith(LMS_ROOT_URL + "/")
    assert found["object"]["definition"]["type"].startswith(("http://", "https://"))
    context = found["context"]
    [course] = context["contextActivities"]["parent"]
    assert course["id"] == f"{LMS_ROOT_URL}/course/{event['context']['course_id']}"
    assert course["definition"]["type"] == "http://adlnet.gov/expapi/activities/course"
    assert context["extensions"][EXTENSION_EVENT] == event["name"]
    for field in mapping.fields:
        if event["data"].get(field) is not None:
            assert found["result"]["extensions"][f"{NAMESPACE}/extensions/{field.replace('_', '-')}"] == event["data"][field]
    return found


def test_every_catalogued_event_is_registered_when_django_loads_the_app():
    from event_routing_backends.processors.xapi.registry import XApiTransformersRegistry

    from mentor_xblock.analytics.xapi import MentorshipTransformer

    assert set(SAMPLES) == set(EVENTS)
    assert {name: XApiTransformersRegistry.mapping.get(name) for name in EVENTS} == \
        {name: MentorshipTransformer for name in EVENTS}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_documented_event_becomes_a_valid_statement(lms, name):
    event = lms_event(name, SAMPLES[name], COURSE, USAGE, "42")
    found = valid(transform(event), event)
    assert found["context"]["contextActivities"]["grouping"][0]["id"] == f"{LMS_ROOT_URL}/xblock/{USAGE}"


def test_objects_verbs_and_results_say_what_happened(lms):
    def statement(name, **data):
        event = lms_event(name, {**SAMPLES[name], **data}, COURSE, USAGE, "42")
        return valid(transform(event), event)

    accepted = statement("edx.mentorship.mentor.request_answered", status="accepted", accepted=True)
    assert accepted["verb"]["id"] == "http://activitystrea.ms/schema/1.0/approve"
    assert accepted["object"]["id"] == f"{LMS_ROOT_URL}/course/{COURSE}/mentorship/mentor-request/9"
    declined = statement("edx.mentorship.mentor.request_answered")
    assert declined["verb"]["id"] == "http://activitystrea.ms/schema/1.0/reject"
    rated = statement("edx.mentorship.checkin.answered")
    assert rated["object"]["id"].endswith("/pairing/5") and "note" not in json.dumps(rated)
    watched = statement("edx.mentorship.segment.watched")
    assert watched["object"]["id"] == f"{LMS_ROOT_URL}/xblock/{USAGE}/segment/why"
    assert watched["object"]["definition"]["type"] == "https://w3id.org/xapi/video/activity-type/video"
    assert watched["result"]["completion"] is True
    assert statement("edx.mentorship.segment.read")["result"]["duration"] == "PT48.5S"
    answered = statement("edx.mentorship.response.submitted")
    assert answered["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"
    assert answered["object"]["definition"]["interactionType"] == "long-fill-in"
    assert "response" not in answered["result"]  # the reflection's text never leaves the block
    assert statement("edx.mentorship.item.flagged")["object"]["definition"]["type"] == \
        "http://activitystrea.ms/schema/1.0/comment"
    assert statement("edx.mentorship.item.flagged", kind="response", id=12)["object"]["id"] == \
        f"{LMS_ROOT_URL}/xblock/{USAGE}/response/12"
    declined = statement("edx.mentorship.mentor.change_resolved")
    assert declined["verb"]["id"] == "http://activitystrea.ms/schema/1.0/reject"
    assert declined["result"]["extensions"][f"{NAMESPACE}/extensions/approved"] is False
    assert statement("edx.mentorship.mentor.change_resolved", approved=True)["verb"]["id"] == \
        "http://activitystrea.ms/schema/1.0/approve"
    assert statement("edx.mentorship.mentor_profile.saved", created=False)["verb"]["id"] == \
        "http://activitystrea.ms/schema/1.0/update"
    assert statement("edx.mentorship.mentor.assigned")["object"]["id"] == \
        f"{LMS_ROOT_URL}/course/{COURSE}/mentorship/pairing/5"


def test_an_event_without_its_block_is_refused_not_guessed(lms):
    event = lms_event("edx.mentorship.response.submitted", SAMPLES["edx.mentorship.response.submitted"], COURSE,
                      USAGE, "42")
    del event["context"]["module"]
    assert json.loads(transform(event).to_json())["object"]["id"].startswith(f"{LMS_ROOT_URL}/xblock/{USAGE}/")
    event["context"]["path"] = "/event"
    with pytest.raises(ValueError):
        transform(event)


def test_the_processor_sends_them_when_the_names_are_allowed(lms, settings):
    """event-routing-backends' own XApiProcessor (what its router runs) turns our event into JSON."""
    from event_routing_backends.processors.xapi.transformer_processor import XApiProcessor

    settings.XAPI_EVENTS_ENABLED = True
    event = lms_event("edx.mentorship.reply.posted", SAMPLES["edx.mentorship.reply.posted"], COURSE, USAGE, "42")
    [sent] = XApiProcessor()([event])
    assert sent["verb"]["id"] == "http://adlnet.gov/expapi/verbs/commented"
    assert sent["object"]["id"] == f"{LMS_ROOT_URL}/xblock/{USAGE}/response/12"


def test_what_the_handlers_publish_becomes_valid_statements(lms, workbench, tracked):
    """Drive the real handlers (reflections, moderation, the programme) and transform each event captured."""
    block = workbench.add_scenario("reflections", olx("reflections.xml"))
    workbench.view("reflections")
    for student in ("student_a", "student_b"):
        workbench.post(block, "submit_response", {"prompt_id": "open", "text": f"Listen first, {student}."},
                       student=student)
    mine = workbench.post(block, "submit_response", {"prompt_id": "open", "text": "Listen, then decide."},
                          student="student_a").json()
    response_id = mine["response"]["id"]
    assert workbench.post(block, "post_reply", {"prompt_id": "open", "response_id": response_id, "text": "Agreed!"},
                          student="student_b").status_code == 200
    assert workbench.post(block, "flag", {"kind": "response", "id": response_id, "reason": "rude"},
                          student="student_b").status_code == 200
    assert workbench.post(block, "unflag", {"kind": "response", "id": response_id}, student="student_b").status_code == 200
    assert workbench.post(block, "hide", {"kind": "response", "id": response_id, "hidden": True},
                          student="staff_1").status_code == 200
    programme = workbench.add_scenario("programme", """<mentorship display_name="Programme">
  <prompt id="p" visibility="mentor">Why?</prompt>
  <mentoring strategy="auto" mentors_per_learner="1" tags="careers,design"/>
</mentorship>""")
    saved = workbench.post(programme, "save_mentor", {"username": "mentor_ada", "display_name": "Ada", "bio": "Bio",
                                                      "tags": ["careers"], "capacity": 2}, student="staff_1")
    assert saved.status_code == 200, saved.content
    assert workbench.post(programme, "join_programme", {"interests": ["careers"]}, student="student_1").status_code == 200

    names = [event["name"] for event in tracked if event["name"].startswith("edx.mentorship.")]
    assert set(names) >= {
        "edx.mentorship.response.submitted", "edx.mentorship.response.edited", "edx.mentorship.reply.posted",
        "edx.mentorship.item.flagged", "edx.mentorship.item.unflagged", "edx.mentorship.item.moderated",
        "edx.mentorship.mentor_profile.saved", "edx.mentorship.programme.joined", "edx.mentorship.mentor.assigned",
    }, names
    for event in tracked:
        if event["name"].startswith("edx.mentorship."):
            found = valid(transform(event), event)
            assert found["context"]["contextActivities"]["grouping"][0]["id"].endswith(event["context"]["module"]["usage_key"])
