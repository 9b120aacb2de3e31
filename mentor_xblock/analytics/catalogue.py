"""Every `edx.mentorship.*` event and the xAPI statement it becomes (docs/platform.md "xAPI").

Plain data, no Django and no event-routing-backends, so that the plugin settings, the docs test
and the completeness test (every event a handler publishes is here) read it anywhere.
Verbs and activity types come from the xAPI registry, ADL's vocabulary, Activity Streams 1.0 and
the profiles event-routing-backends already uses; where none fits, the IRI is ours, under NAMESPACE.
"""
from typing import NamedTuple

# The block's own IRIs: extensions, and the few verbs and activity types no registry offers.
# One constant, documented in docs/platform.md ("Our IRIs").
NAMESPACE = "https://w3id.org/xapi/mentor-xblock"


def ours(kind: str, name: str) -> str:
    """An IRI of ours: ours("verbs", "moderated") → NAMESPACE/verbs/moderated."""
    return f"{NAMESPACE}/{kind}/{name}"


class Verb(NamedTuple):
    iri: str
    display: str


# Verbs (display names in English, as event-routing-backends writes them)
COMPLETED = Verb("http://adlnet.gov/expapi/verbs/completed", "completed")
READ = Verb("http://activitystrea.ms/schema/1.0/read", "read")
ANSWERED = Verb("http://adlnet.gov/expapi/verbs/answered", "answered")
EDITED = Verb("https://w3id.org/xapi/acrossx/verbs/edited", "edited")
COMMENTED = Verb("http://adlnet.gov/expapi/verbs/commented", "commented")
REPORTED = Verb("https://w3id.org/xapi/acrossx/verbs/reported", "reported")
UNREPORTED = Verb("https://w3id.org/xapi/openedx/verb/unreported", "unreported")
EVALUATED = Verb("https://w3id.org/xapi/acrossx/verbs/evaluated", "evaluated")
PREFERRED = Verb("http://adlnet.gov/expapi/verbs/preferred", "preferred")
ASSIGNED = Verb("https://w3id.org/xapi/dod-isd/verbs/assigned", "assigned")
TERMINATED = Verb("http://adlnet.gov/expapi/verbs/terminated", "terminated")
REQUESTED = Verb("http://activitystrea.ms/schema/1.0/request", "requested")
APPROVED = Verb("http://activitystrea.ms/schema/1.0/approve", "approved")
REJECTED = Verb("http://activitystrea.ms/schema/1.0/reject", "rejected")
UPDATED = Verb("http://activitystrea.ms/schema/1.0/update", "updated")
JOINED = Verb("http://activitystrea.ms/schema/1.0/join", "joined")
CREATED = Verb("http://activitystrea.ms/schema/1.0/create", "created")
RETRACTED = Verb("http://activitystrea.ms/schema/1.0/retract", "retracted")
RATED = Verb("https://w3id.org/xapi/acrossx/verbs/rated", "rated")
MODERATED = Verb(ours("verbs", "moderated"), "moderated")
EXPORTED = Verb(ours("verbs", "exported"), "exported")

# Activity types
VIDEO = "https://w3id.org/xapi/video/activity-type/video"
QUESTION = "http://adlnet.gov/expapi/activities/question"
COMMENT = "http://activitystrea.ms/schema/1.0/comment"
MODULE = "http://adlnet.gov/expapi/activities/module"
USER_PROFILE = "http://id.tincanapi.com/activitytype/user-profile"
RESPONSE = ours("activity-type", "response")  # a learner's reflection on a prompt
PROGRAMME = ours("activity-type", "programme")  # a course's mentoring programme
PAIRING = ours("activity-type", "pairing")  # one learner-mentor assignment
CHANGE_REQUEST = ours("activity-type", "change-request")
REPORT = ours("activity-type", "report")  # a CSV report of the programme
MENTOR_REQUEST = ours("activity-type", "mentor-request")  # a learner's request that a mentor accepts or declines

# Extensions (result or context); the event's own field names, under our namespace
EXTENSION_EVENT = ours("extensions", "event")  # the tracking-log event name, on every statement
VIDEO_PROGRESS = "https://w3id.org/xapi/video/extensions/progress"


def extension(field: str) -> str:
    return ours("extensions", field.replace("_", "-"))


class Mapping(NamedTuple):
    """How one event becomes a statement. `obj` names the object (see xapi.py):
    segment, prompt, response, item (a response or a reply, from `kind`), programme,
    pairing, change_request, mentor, report. `verb` may be a pair (when false, when true)
    chosen by the boolean field `verb_by`."""
    verb: object
    obj: str
    kind: str
    fields: tuple = ()  # event fields carried as extensions
    verb_by: str = ""


EVENTS = {
    "edx.mentorship.segment.watched": Mapping(COMPLETED, "segment", VIDEO, ("coverage",)),
    "edx.mentorship.segment.read": Mapping(READ, "segment", VIDEO, ("read_seconds",)),
    "edx.mentorship.response.submitted": Mapping(ANSWERED, "prompt", QUESTION, ("response_id", "word_count")),
    "edx.mentorship.response.edited": Mapping(EDITED, "prompt", QUESTION, ("response_id", "word_count")),
    "edx.mentorship.reply.posted": Mapping(COMMENTED, "response", RESPONSE, ("reply_id", "role")),
    "edx.mentorship.item.flagged": Mapping(REPORTED, "item", "", ()),
    "edx.mentorship.item.unflagged": Mapping(UNREPORTED, "item", "", ()),
    "edx.mentorship.item.moderated": Mapping(MODERATED, "item", "", ("action",)),
    "edx.mentorship.response.reviewed": Mapping(EVALUATED, "response", RESPONSE, ("status",)),
    "edx.mentorship.notifications.set": Mapping(PREFERRED, "programme", PROGRAMME, ("mode",)),
    "edx.mentorship.assignments.imported": Mapping(ASSIGNED, "programme", PROGRAMME, ("count",)),
    "edx.mentorship.export.started": Mapping(EXPORTED, "report", REPORT, ("job_id", "total")),
    "edx.mentorship.mentor.assigned": Mapping(ASSIGNED, "pairing", PAIRING, ("mentor_profile_id", "learner_id", "method")),
    "edx.mentorship.mentor.bulk_assigned": Mapping(ASSIGNED, "programme", PROGRAMME, ("placed", "lost", "unplaced")),
    "edx.mentorship.mentor.ended": Mapping(TERMINATED, "pairing", PAIRING, ("mentor_profile_id", "learner_id", "why")),
    "edx.mentorship.mentor.change_requested": Mapping(REQUESTED, "pairing", PAIRING, ("request_id",)),
    "edx.mentorship.mentor.change_resolved": Mapping((REJECTED, APPROVED), "change_request", CHANGE_REQUEST,
                                                     ("approved",), verb_by="approved"),
    "edx.mentorship.interests.updated": Mapping(UPDATED, "programme", PROGRAMME, ("interests",)),
    "edx.mentorship.programme.joined": Mapping(JOINED, "programme", PROGRAMME, ("interests",)),
    "edx.mentorship.mentor_profile.saved": Mapping((UPDATED, CREATED), "mentor", USER_PROFILE,
                                                   ("created", "capacity", "active"), verb_by="created"),
    "edx.mentorship.mentor.requested": Mapping(REQUESTED, "mentor_request", MENTOR_REQUEST, ("mentor_profile_id", "rank")),
    "edx.mentorship.mentor.request_answered": Mapping((REJECTED, APPROVED), "mentor_request", MENTOR_REQUEST,
                                                      ("status",), verb_by="accepted"),
    "edx.mentorship.mentor.request_withdrawn": Mapping(RETRACTED, "mentor_request", MENTOR_REQUEST, ()),
    # Notes and closing reflections are never in the events; the rating is.
    "edx.mentorship.checkin.answered": Mapping(RATED, "pairing", PAIRING, ("as", "period", "rating", "skipped")),
    "edx.mentorship.closing.answered": Mapping(ANSWERED, "pairing", PAIRING, ("as", "skipped")),
}


def verbs_of(mapping: Mapping) -> tuple:
    """Every verb an event can become (one, or the pair chosen by a field)."""
    return (mapping.verb,) if isinstance(mapping.verb, Verb) else mapping.verb
