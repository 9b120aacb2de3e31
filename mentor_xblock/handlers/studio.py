"""The Studio editor's JSON handlers: save, live check of one item, OLX import and export.

Errors are 400 {"error": …, "errors": [{"path", "message", "item"?}]}; nothing is saved then.
Who may author is permissions.py (Studio's write access, or LMS course staff in the workbench).
"""
from __future__ import annotations

from lxml import etree
from xblock.exceptions import InvalidScopeError

from ..base import BlockBase
from ..core.content import ContentError, check_item, to_editor, validate_content, validate_settings
from ..core.olx import OlxError, block_olx_string, parse_block_olx
from ..errors import BadRequest, Conflict, Forbidden
from ..permissions import require_author
from ..rendering import i18n_service
from ..services.authoring import learners_with_work
from ..services.programme import record_block
from ..views.studio import editor_state
from .decorator import MAX_AUTHORING_BYTES, api_handler, json_response, translate_extra

MAX_TAKEN_IDS = 200


def invalid(message: str, errors: list[dict], i18n):
    """400 with the field errors (translated for the author), so the editor can show each next to its field."""
    return json_response({"error": message, "errors": translate_extra(errors, i18n)}, status=400)


class StudioHandlers(BlockBase):
    """studio_submit, studio_check, studio_import_olx, studio_export_olx."""

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
            i18n = i18n_service(self)
            count = len(errors)
            message = i18n.ngettext("{count} field needs attention; nothing was saved.",
                                    "{count} fields need attention; nothing was saved.", count).format(count=count)
            return None, invalid(message, [error.to_json() for error in errors], i18n)
        return (settings, content), None

    def _refuse_silent_removal(self, content, confirmed):
        """409 when the save removes prompts with learners' answers or segments with their progress,
        unless the author confirmed it (`confirm_removal: true`): the answers would vanish from view."""
        if not isinstance(confirmed, bool):
            raise BadRequest(self._("'confirm_removal' must be true or false."))
        kept = {(item.kind, item.id) for item in content.items}
        removed = [item for item in self.authored.items if (item.kind, item.id) not in kept]
        if confirmed or not removed:
            return
        work = learners_with_work(self.block_ref, [i.id for i in removed if i.kind == "prompt"],
                                  [i.id for i in removed if i.kind == "segment"])
        removals = [{"kind": item.kind, "id": item.id, "title": item.title if item.kind == "segment" else item.text,
                     "learners": work[item.id]} for item in removed if work.get(item.id)]
        if not removals:
            return
        ngettext = i18n_service(self).ngettext
        for entry in removals:
            if entry["kind"] == "prompt":
                entry["message"] = ngettext(
                    "Prompt “{title}”: {count} learner's answer would be hidden.",
                    "Prompt “{title}”: {count} learners' answers would be hidden.", entry["learners"])
            else:
                entry["message"] = ngettext(
                    "Segment “{title}”: {count} learner's progress would be hidden.",
                    "Segment “{title}”: {count} learners' progress would be hidden.", entry["learners"])
            entry["message"] = entry["message"].format(title=entry["title"], count=entry["learners"])
        message = self._("Nothing was saved: removing these items hides learners' work from them, their mentors "
                          "and the reports, and their counts change. Keep the items, or confirm the removal.")
        raise Conflict(message, removals=removals)

    @api_handler(methods=("POST",), max_bytes=MAX_AUTHORING_BYTES)
    def studio_submit(self, data, suffix=""):
        """Save the editor: {"display_name", "weight", "content": {...}}; all or nothing."""
        require_author(self)
        result, refusal = self._validated(data)
        if refusal is not None:
            return refusal
        settings, content = result
        self._refuse_silent_removal(content, data.get("confirm_removal", False))
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
        ref = self.block_ref  # the course's programme rule must know this block (services/programme/settings.py)
        record_block(ref.course_key, ref.block_key, self.authored.mentoring)
        return {"saved": True, **editor_state(self)}

    @api_handler(methods=("POST",), max_bytes=MAX_AUTHORING_BYTES)
    def studio_check(self, data, suffix=""):
        """Live feedback on one item: {"item": {...}, "taken_ids": [...]} → {"errors": {field: msg}, "info": {}}."""
        require_author(self)
        item = data.get("item")
        if not isinstance(item, dict):
            raise BadRequest(self._("'item' must be an object."))
        taken = data.get("taken_ids", [])
        if not isinstance(taken, list) or len(taken) > MAX_TAKEN_IDS:
            raise BadRequest(self._("'taken_ids' must be a list of at most {count} ids.").format(count=MAX_TAKEN_IDS))
        # The core's field messages, in the author's language.
        return translate_extra(check_item(item, taken), i18n_service(self))

    @api_handler(methods=("POST",), max_bytes=MAX_AUTHORING_BYTES)
    def studio_import_olx(self, data, suffix=""):
        """Pasted <mentorship> OLX → the editor's state, validated, not saved."""
        require_author(self)
        text = data.get("olx")
        if not isinstance(text, str) or not text.strip():
            raise BadRequest(self._("'olx' must be the text of a <mentorship> element."))
        try:
            content, settings = parse_block_olx(text)
        except OlxError as exc:
            return invalid(self._("The OLX was not imported because of the problems below; the editor was not changed."), exc.located(), i18n_service(self))
        return {"display_name": self.display_name, "weight": self.weight, **settings, "content": to_editor(content)}

    @api_handler(methods=("POST",), max_bytes=MAX_AUTHORING_BYTES)
    def studio_export_olx(self, data, suffix=""):
        """The OLX of the saved block ({}), or of the editor's unsaved state ({"content": …})."""
        require_author(self)
        if "content" not in data:
            node = etree.Element("mentorship")
            self.add_xml_to_node(node)
            return {"olx": etree.tostring(node, encoding="unicode", pretty_print=True)}
        result, refusal = self._validated(data)
        if refusal is not None:
            return refusal
        settings, content = result
        return {"olx": block_olx_string(content, settings)}
