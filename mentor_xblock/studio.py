"""Studio authoring: the editor, the unit-page preview, validation messages and the editor's JSON handlers.

Handlers are thin: they check the viewer is course staff, call one core function
(validate_content, check_item, parse_block_olx) and shape the JSON. Errors are
400 {"error": …, "errors": [{"path", "message", "item"?}]}; nothing is saved then.
"""
from __future__ import annotations

from lxml import etree
from xblock.exceptions import InvalidScopeError
from xblock.validation import ValidationMessage

from .api import MAX_AUTHORING_BYTES, BadRequest, Forbidden, api_handler, json_response
from .core.content import (
    COMPLETION_MODES, GRADING_MODES, LATE_POLICIES, STRATEGIES, TRANSCRIPT_FORMATS, VISIBILITIES, ContentError, check_item,
    review, to_editor, validate_content, validate_settings,
)
from .core.media import format_timecode
from .core.olx import OlxError, block_olx_string, parse_block_olx
from .rendering import fragment, i18n_service, per_language, render_template
from .permissions import can_author, require_author

MAX_TAKEN_IDS = 200


def invalid(message: str, errors: list[dict], i18n) -> object:
    """400 with the field errors (translated for the author), so the editor can show each next to its field."""
    from .api import translate_extra

    return json_response({"error": message, "errors": translate_extra(errors, i18n)}, status=400)


class StudioMixin:
    """Mixed into MentorXBlock first; needs its `authored`, `content`, `display_name`, `weight`, `_`."""

    # --- permissions and state ---------------------------------------------------------

    def _require_author(self):
        require_author(self)  # Studio's write access, or LMS course staff (permissions.py)

    def _settings(self) -> dict:
        return {"display_name": self.display_name, "weight": self.weight}

    def editor_state(self) -> dict:
        return {**self._settings(), "content": to_editor(self.authored)}

    def _validated(self, data: dict):
        """(settings, content) from the editor's JSON, or a 400 Response listing every field error."""
        if not isinstance(data.get("content"), dict):
            raise BadRequest(self._("The editor sent no block content."))
        errors = []
        settings = content = None
        try:
            settings = validate_settings(
                {"display_name": data.get("display_name"), "weight": data.get("weight")}, require_display_name=True
            )
        except ContentError as exc:
            errors.extend(exc.errors)
        try:
            content = validate_content(data["content"])
        except ContentError as exc:
            errors.extend(exc.errors)
        if errors:
            count = len(errors)
            message = i18n_service(self).ngettext("{count} field needs attention; nothing was saved.",
                                    "{count} fields need attention; nothing was saved.", count).format(count=count)
            return None, invalid(message, [error.to_json() for error in errors], i18n_service(self))
        return (settings, content), None

    # --- views -------------------------------------------------------------------------

    def studio_view(self, context=None):
        if not can_author(self):
            # Who cannot save gets a clear refusal, not an editor whose every check then answers 403.
            from web_fragments.fragment import Fragment

            frag = Fragment(render_template(self, "studio_refused.html", block=self, dom_id=self.dom_id))
            frag.add_css_url(self.runtime.local_resource_url(self, "static/dist/studio.css"))
            return frag
        choices = {
            "strategies": [(value, label) for value, label in zip(STRATEGIES, self._strategy_labels())],
            "completion": list(zip(COMPLETION_MODES, (self._("Watching every segment"),
                                                      self._("Answering every prompt"),
                                                      self._("Watching every segment and answering every prompt")))),
            "grading": list(zip(GRADING_MODES, (
                self._("Not graded"), self._("Participation (share of work done)"),
                self._("Mentor-assessed (a mentor's review sets the score)"),
            ))),
            "late": list(zip(LATE_POLICIES, (self._("Closed: no more submissions or progress"),
                                             self._("Accepted and marked late (the grade stays as at the deadline)")))),
            "transcript_credit": [("false", self._("Only watching the clip")),
                                  ("true", self._("Watching the clip or reading its transcript"))],
            "visibility": list(zip(VISIBILITIES, (self._("My mentor"), self._("My mentor and other learners")))),
            "formats": list(zip(TRANSCRIPT_FORMATS, ("WebVTT", "SRT"))),
        }
        return fragment(
            self,
            "studio_view.html",
            {"block": self, "dom_id": self.dom_id, "choices": choices},
            js="studio.js",
            css="studio.css",
            init="MentorStudioView",
            init_args={"state": self.editor_state(), "dom_id": self.dom_id, "i18n": self.studio_catalogue(),
                       "locale": self.locale_args()},
        )

    def _strategy_labels(self):
        return (self._("Automatic (matched by interests and capacity)"), self._("Learners choose their mentor"),
                self._("Staff assign mentors"))

    def author_view(self, context=None):
        """A compact summary for Studio's unit page; no player, nothing loads from video sites."""
        content = self.authored
        items = []
        for item in content.items:
            if item.kind == "segment":
                items.append({"kind": "segment", "title": item.title, "expert": item.expert,
                              "expert_title": item.expert_title, "provider": item.source.provider,
                              "start": format_timecode(item.start), "end": format_timecode(item.end),
                              "length": format_timecode(item.duration),
                              "transcript": bool(item.transcript or item.transcript_src)})
            else:
                items.append({"kind": "prompt", "text": item.text, "min_words": item.min_words,
                              "visibility": item.visibility})
        strategy = None
        if content.mentoring is not None:
            strategy = dict(zip(STRATEGIES, self._strategy_labels()))[content.mentoring.strategy]
        from web_fragments.fragment import Fragment

        frag = Fragment(render_template(self, "author_view.html", block=self, dom_id=self.dom_id, items=items,
                                        content=content, strategy=strategy))
        frag.add_css_url(self.runtime.local_resource_url(self, "static/dist/studio.css"))
        return frag

    def validate(self):
        """Studio's validation messages: problems an author should fix before learners arrive."""
        validation = super().validate()
        _ = self._
        try:
            content = validate_content(self.content or {})
        except ContentError as exc:
            validation.add(ValidationMessage(
                ValidationMessage.ERROR, _("The stored content is invalid: {problems}").format(problems=str(exc))))
            return validation
        texts = {
            "no_segments": _("This block has no video segments yet. Edit it to add at least one."),
            "no_transcript": _("Segment “{id}” has no transcript: learners who are deaf or hard of hearing "
                               "cannot follow it. Add a WebVTT or SRT transcript."),
            "peers_without_mentoring": _("Prompt “{id}” is shared with peers, but the block has no mentoring "
                                         "settings. Add mentoring settings or make the prompt visible to the "
                                         "mentor only."),
        }
        for level, code, ident in review(content):
            kind = ValidationMessage.ERROR if level == "error" else ValidationMessage.WARNING
            validation.add(ValidationMessage(kind, texts[code].format(id=ident)))
        conflict = self.programme_conflict()  # this block's mentoring settings vs the course's (strictest)
        if conflict:
            validation.add(ValidationMessage(ValidationMessage.WARNING, conflict))
        return validation

    @per_language
    def studio_catalogue(self) -> dict:
        """Every string the editor's JS shows, translated here."""
        _ = self._
        return {
            "segment": _("Segment"),
            "prompt": _("Prompt"),
            "untitled": _("(untitled)"),
            "moved": _("{kind} “{title}” moved to position {position} of {count}."),
            "removed": _("{kind} “{title}” removed."),
            "added": _("{kind} added at position {position}."),
            "at_top": _("Already first."),
            "at_bottom": _("Already last."),
            "checking": _("Checking…"),
            "provider_youtube": _("YouTube video {id}."),
            "provider_vimeo": _("Vimeo video {id}."),
            "provider_html5": _("Direct media file {id}."),
            "clip": _("Clip {start}–{end} ({length} long)."),
            "cues": _("{inside} of {total} transcript cues fall inside the clip."),
            "no_cues": _("No transcript cue falls inside the clip: check the times or the transcript."),
            "file_read": _("Loaded {name}."),
            "file_failed": _("The file could not be read."),
            "saving": _("Saving…"),
            "saved": _("Saved."),
            "discarded": _("Unsaved changes were discarded."),
            "save_failed": _("Could not save"),
            "network": _("The server could not be reached. Nothing was saved; try again."),
            "other_errors": _("Other problems:"),
            "imported": _("Imported {segments} segments and {prompts} prompts into the editor. Review, then save."),
            "import_failed": _("The OLX was not imported:"),
            "exported": _("The current OLX is shown below."),
            "empty": _("No segments or prompts yet. Add a segment to start."),
        }

    # --- handlers ----------------------------------------------------------------------

    @api_handler(methods=("POST",), max_bytes=MAX_AUTHORING_BYTES)
    def studio_submit(self, data, suffix=""):
        """Save the editor: {"display_name", "weight", "content": {...}}; all or nothing."""
        self._require_author()
        result, refusal = self._validated(data)
        if refusal is not None:
            return refusal
        settings, content = result
        try:
            self.display_name = settings["display_name"]
            if "weight" in settings:
                self.weight = settings["weight"]
            self.content = content.to_dict()
            self.save()
        except InvalidScopeError:
            # The LMS keeps authored fields read-only (LmsFieldData): course staff reaching the
            # editor's handler there get a refusal, not a 500; authoring happens in Studio.
            # Forget the refused values, or the runtime's save after the handler fails again.
            for name in ("display_name", "weight", "content"):
                self._dirty_fields.pop(self.fields[name], None)  # pylint: disable=protected-access
                self._field_data_cache.pop(name, None)  # pylint: disable=protected-access
            raise Forbidden(self._("This block can only be edited in Studio.")) from None
        self.record_programme_block()  # the course's programme rule must know this block (handlers_programme)
        return {"saved": True, **self.editor_state()}

    @api_handler(methods=("POST",), max_bytes=MAX_AUTHORING_BYTES)
    def studio_check(self, data, suffix=""):
        """Live feedback on one item: {"item": {...}, "taken_ids": [...]} → {"errors": {field: msg}, "info": {}}."""
        self._require_author()
        item = data.get("item")
        if not isinstance(item, dict):
            raise BadRequest(self._("'item' must be an object."))
        taken = data.get("taken_ids", [])
        if not isinstance(taken, list) or len(taken) > MAX_TAKEN_IDS:
            raise BadRequest(self._("'taken_ids' must be a list of at most {count} ids.").format(count=MAX_TAKEN_IDS))
        from .api import translate_extra

        # The core's field messages, in the author's language.
        return translate_extra(check_item(item, taken), i18n_service(self))

    @api_handler(methods=("POST",), max_bytes=MAX_AUTHORING_BYTES)
    def studio_import_olx(self, data, suffix=""):
        """Pasted <mentorship> OLX → the editor's state, validated, not saved."""
        self._require_author()
        text = data.get("olx")
        if not isinstance(text, str) or not text.strip():
            raise BadRequest(self._("'olx' must be the text of a <mentorship> element."))
        try:
            content, settings = parse_block_olx(text)
        except OlxError as exc:
            return invalid(self._("The OLX has problems; the editor was not changed."), exc.located(), i18n_service(self))
        return {**self._settings(), **settings, "content": to_editor(content)}

    @api_handler(methods=("POST",), max_bytes=MAX_AUTHORING_BYTES)
    def studio_export_olx(self, data, suffix=""):
        """The OLX of the saved block ({}), or of the editor's unsaved state ({"content": …})."""
        self._require_author()
        if "content" not in data:
            node = etree.Element("mentorship")
            self.add_xml_to_node(node)
            return {"olx": etree.tostring(node, encoding="unicode", pretty_print=True)}
        result, refusal = self._validated(data)
        if refusal is not None:
            return refusal
        settings, content = result
        return {"olx": block_olx_string(content, settings)}
