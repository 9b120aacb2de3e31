"""xAPI transformers for the block's `edx.mentorship.*` events, registered with event-routing-backends.

Imported by apps.py only where event-routing-backends is installed (`pip install mentor-xblock[aspects]`);
nothing else of ours imports it (.importlinter). One transformer class serves every event: the
catalogue (catalogue.py) says which verb, object and activity type each becomes, and the statement
follows event-routing-backends' conventions: its actor (the anonymised user), its id, timestamp and
context (the course as parent activity, the session and the transformer version), with the block in
`contextActivities.grouping`. docs/platform.md "xAPI" lists the mapping.

The event as event-routing-backends receives it from the LMS: `name`, `timestamp`, `data` (what the
block published) and `context` (`course_id`, `user_id`, `path` and, for events published inside an
XBlock handler, `module.usage_key`).
"""
import datetime
import re

from event_routing_backends.processors.openedx_filters.decorators import openedx_filter
from event_routing_backends.processors.xapi import constants
from event_routing_backends.processors.xapi.registry import XApiTransformersRegistry
from event_routing_backends.processors.xapi.transformer import XApiTransformer
from isodate import duration_isoformat
from tincan import Activity, ActivityDefinition, ActivityList, Extensions, LanguageMap, Result, Verb

from .catalogue import COMMENT, EVENTS, EXTENSION_EVENT, MODULE, RESPONSE, extension

# An XBlock handler's URL names its usage key: /courses/<course>/xblock/<usage key>/handler/<name>
HANDLER_PATH = re.compile(r"/xblock/(?P<usage>[^/]+)/handler")
ITEM_TYPES = {"response": RESPONSE, "reply": COMMENT}


class MentorshipTransformer(XApiTransformer):
    """One `edx.mentorship.*` event → one statement, as catalogue.EVENTS says."""

    additional_fields = ("result",)

    @property
    def mapping(self):
        return EVENTS[self.get_data("name", True)]

    @property
    def _verb(self):
        """XApiTransformer.get_verb reads `_verb` (through its openedx-filters hook)."""
        verb = self.mapping.verb
        if self.mapping.verb_by:  # a pair: (when the field is false, when it is true)
            verb = verb[bool(self.field(self.mapping.verb_by))]
        return Verb(id=verb.iri, display=LanguageMap({constants.EN: verb.display}))

    # --- where the event happened ---------------------------------------------------------

    def usage_key(self):
        """The block: the handler's tracking context, else the handler's URL."""
        usage = self.get_data("context.module.usage_key")
        if usage:
            return usage
        found = HANDLER_PATH.search(self.get_data("context.path") or "")
        if not found:
            raise ValueError(f'No block in event "{self.get_data("name")}" (context.module.usage_key or context.path)')
        return found.group("usage")

    def block_iri(self):
        return self.get_object_iri("xblock", self.usage_key())

    def programme_iri(self):
        return f'{self.get_object_iri("course", self.get_data("context.course_id", True))}/mentorship'

    def object_iri_and_type(self):
        """The object's IRI and activity type, by the catalogue's `obj`."""
        mapping, data = self.mapping, lambda key: self.get_data(f"data.{key}", True)
        block, programme = self.block_iri, self.programme_iri
        found = {
            "segment": lambda: f"{block()}/segment/{data('segment_id')}",
            "prompt": lambda: f"{block()}/prompt/{data('prompt_id')}",
            "response": lambda: f"{block()}/response/{data('response_id')}",
            "item": lambda: f"{block()}/{data('kind')}/{data('id')}",
            "programme": programme,
            "pairing": lambda: f"{programme()}/pairing/{data('assignment_id')}",
            "change_request": lambda: f"{programme()}/change-request/{data('request_id')}",
            "mentor": lambda: f"{programme()}/mentor/{data('mentor_profile_id')}",
            "report": lambda: f"{programme()}/report/{data('report')}",
        }[mapping.obj]()
        kind = mapping.kind or ITEM_TYPES.get(self.get_data("data.kind"), RESPONSE)
        return found, kind

    # --- the statement ----------------------------------------------------------------------

    @openedx_filter(filter_type="mentor_xblock.analytics.xapi.get_object")
    def get_object(self):
        iri, kind = self.object_iri_and_type()
        definition = {"type": kind}
        if self.mapping.obj == "prompt":
            definition["interaction_type"] = "long-fill-in"  # a free-text reflection
        return Activity(id=iri, definition=ActivityDefinition(**definition))

    def get_context_activities(self):
        """The course as parent (event-routing-backends' convention); the block as grouping."""
        activities = super().get_context_activities()
        if activities is not None and (self.get_data("context.module.usage_key") or
                                       HANDLER_PATH.search(self.get_data("context.path") or "")):
            name = self.get_data("context.module.display_name")
            activities.grouping = ActivityList([Activity(
                id=self.block_iri(),
                definition=ActivityDefinition(type=MODULE, **({"name": LanguageMap({constants.EN: name})}
                                                                if name else {})),
            )])
        return activities

    def get_context_extensions(self):
        extensions = super().get_context_extensions()
        extensions.update({EXTENSION_EVENT: self.get_data("name", True)})
        return extensions

    def field(self, name: str):
        """A field the block published, as published (get_data drops False and empty values)."""
        data = self.event.get("data")
        return data.get(name) if isinstance(data, dict) else None

    def get_result(self):
        """The event's own fields as result extensions; a segment's completion; reading time."""
        fields = {extension(name): self.field(name) for name in self.mapping.fields if self.field(name) is not None}
        result = {"extensions": Extensions(fields)} if fields else {}
        if self.mapping.obj == "segment":
            result["completion"] = True
        if self.field("read_seconds") is not None:
            result["duration"] = duration_isoformat(datetime.timedelta(seconds=float(self.field("read_seconds"))))
        return Result(**result) if result else None


def register() -> list:
    """Register the transformer for every catalogued event; returns the names."""
    for name in EVENTS:
        XApiTransformersRegistry.register(name)(MentorshipTransformer)
    return list(EVENTS)


