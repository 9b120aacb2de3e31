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
# Where each kind of object (catalogue.Mapping.obj) lives: under the block, `{LMS}/xblock/<usage key>`,
# or the course's programme, `{LMS}/course/<course id>/mentorship`; then its path, from the event's ids.
OBJECTS = {
    "segment": ("block", "segment/{segment_id}"),
    "prompt": ("block", "prompt/{prompt_id}"),
    "response": ("block", "response/{response_id}"),
    "item": ("block", "{kind}/{id}"),
    "programme": ("programme", ""),
    "pairing": ("programme", "pairing/{assignment_id}"),
    "change_request": ("programme", "change-request/{request_id}"),
    "mentor_request": ("programme", "mentor-request/{request_id}"),
    "mentor": ("programme", "mentor/{mentor_profile_id}"),
    "report": ("programme", "report/{report}"),
}


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
        """The block: the handler's tracking context, else the handler's URL; None without either."""
        found = HANDLER_PATH.search(self.get_data("context.path") or "")
        return self.get_data("context.module.usage_key") or (found.group("usage") if found else None)

    def block_iri(self):
        usage = self.usage_key()
        if not usage:
            raise ValueError(f'No block in event "{self.get_data("name")}" (context.module.usage_key or context.path)')
        return self.get_object_iri("xblock", usage)

    def programme_iri(self):
        return f'{self.get_object_iri("course", self.get_data("context.course_id", True))}/mentorship'

    def object_iri(self):
        """The object's IRI: its place under the block or the programme, with the event's ids."""
        under, path = OBJECTS[self.mapping.obj]
        root = self.block_iri() if under == "block" else self.programme_iri()
        ids = {name: self.get_data(f"data.{name}", True) for name in re.findall(r"{(\w+)}", path)}
        return f"{root}/{path.format(**ids)}" if path else root

    # --- the statement ----------------------------------------------------------------------

    @openedx_filter(filter_type="mentor_xblock.analytics.xapi.get_object")
    def get_object(self):
        kind = self.mapping.kind or ITEM_TYPES.get(self.get_data("data.kind"), RESPONSE)
        definition = {"type": kind}
        if self.mapping.obj == "prompt":
            definition["interaction_type"] = "long-fill-in"  # a free-text reflection
        return Activity(id=self.object_iri(), definition=ActivityDefinition(**definition))

    def get_context_activities(self):
        """The course as parent (event-routing-backends' convention); the block as grouping."""
        activities = super().get_context_activities()
        if activities is not None and self.usage_key():
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


