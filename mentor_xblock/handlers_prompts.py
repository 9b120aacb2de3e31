"""Handlers for reflections: drafts, submissions, peers' responses, replies and moderation.

Each parses its input, calls one service function (which checks visibility and roles)
and shapes the JSON. Responses are plain text; `text_parts` carries links safely.
"""
from __future__ import annotations

from .api import NotFound, api_handler, require
from .core.messages import N_
from .rendering import per_language


class PromptHandlersMixin:
    """Mixed into MentorXBlock."""

    def _prompt_or_404(self, prompt_id):
        prompt = self.authored.prompt(prompt_id) if isinstance(prompt_id, str) else None
        if prompt is None:
            raise NotFound(N_("This prompt is not in this block (any more)."))
        return prompt

    def prompts_part(self, viewer, items: list, init_args: dict) -> None:
        """Add the reflections part to the learner view: each prompt item gets the viewer's own state
        (its code and styles are in the learner bundle, tools/build_static.py)."""
        from .services import prompts as service

        prompt_items = [item for item in items if item["kind"] == "prompt"]
        if not prompt_items:
            return
        actor = service.Actor(viewer.anonymous_id, viewer.username, "learner")
        own = service.own_responses(self.block_ref, viewer.anonymous_id) if viewer.is_authenticated else {}
        for item in prompt_items:
            item["state"] = service.own_response_json(own.get(item["id"]), actor)
        init_args["prompts"] = {
            "items": [
                {"id": item["id"], "min_words": item["min_words"], "visibility": item["visibility"], **item["state"]}
                for item in prompt_items
            ],
            "max_chars": service.MAX_RESPONSE_CHARS,
            "max_reply_chars": service.MAX_REPLY_CHARS,
            "signed_in": viewer.is_authenticated,
            "i18n": self.prompts_catalogue(),
        }

    @per_language
    def prompts_catalogue(self) -> dict:
        _ = self._
        return {
            "yours": _("Your response"),
            "words": self.plural("{count} word", "{count} words"),
            # Translators: a word counter; the plural follows {min}, the minimum the author set.
            "words_min": self.plural("{count} of at least {min} word", "{count} of at least {min} words"),
            "draft_saved": _("Draft saved."),
            "draft_failed": _("Your draft could not be saved; it is still here. We will try again."),
            "saving": _("Saving…"),
            "submitted": _("Your response was submitted."),
            "updated": _("Your response was updated."),
            "submit": _("Submit response"),
            "update": _("Update response"),
            "too_short": _("Write at least {min} words before submitting."),
            "edited": _("edited {when}"),
            "submitted_on": _("submitted {when}"),
            "show_peers": _("Show other learners' responses"),
            "hide_peers": _("Hide other learners' responses"),
            "no_peers": _("No one else has responded yet."),
            "peers_count": self.plural("{total} response from another learner", "{total} responses from other learners"),
            "page_of": _("Page {page} of {pages}"),
            "previous": _("Previous page"),
            "next": _("Next page"),
            "reply": _("Reply"),
            "edit_response": _("Edit response"),
            "new_mark": _("New"),
            "replies": self.plural("{count} reply", "{count} replies"),
            "reply_label": _("Reply to {author}"),
            "post_reply": _("Post reply"),
            "reply_posted": _("Your reply was posted."),
            "edit": _("Edit"),
            "save": _("Save"),
            "cancel": _("Cancel"),
            "delete": _("Delete"),
            "confirm_delete": _("Delete this reply?"),
            "reply_deleted": _("Your reply was deleted."),
            "flag": _("Report"),
            "flag_reason": _("Why are you reporting this? (optional)"),
            "send_flag": _("Send report"),
            "flagged": _("Reported to the course team. Thank you."),
            "undo_flag": _("Undo report"),
            "unflagged": _("Your report was withdrawn."),
            "hide": _("Hide"),
            "unhide": _("Show to learners"),
            "hidden_mark": _("Hidden from learners"),
            "mentor": _("Mentor"),
            "staff": _("Course staff"),
            "new_feedback": _("New feedback from your mentor"),
            "unsaved": _("You have unsaved changes."),
            "error": _("Something went wrong. Please try again."),
        }

    @api_handler()
    def save_draft(self, data, suffix=""):
        """Autosave: {"prompt_id": "your-why", "text": "…"} → {"draft_saved_at": "…"}."""
        from .services.prompts import save_draft

        prompt = self._prompt_or_404(require(data, "prompt_id", max_length=64))
        self.check_deadline()
        actor = self.actor()
        response = save_draft(self.block_ref, prompt, actor, data.get("text", ""))  # registers a learner's first work
        return {"prompt_id": prompt.id, "draft_saved_at": response.draft_saved_at.isoformat()}

    @api_handler()
    def submit_response(self, data, suffix=""):
        """Submit or edit: {"prompt_id": …, "text": …}; min_words is checked here too."""
        from .services import notification_events
        from .services import prompts as service

        prompt = self._prompt_or_404(require(data, "prompt_id", max_length=64))
        actor = self.actor()
        late = self.check_deadline()
        response, first = service.submit_response(self.block_ref, prompt, actor, data.get("text"))  # registers them too
        self.runtime.publish(
            self,
            "edx.mentorship.response.submitted" if first else "edx.mentorship.response.edited",
            {"prompt_id": prompt.id, "response_id": response.pk, "word_count": len(response.text.split())},
        )
        if first:
            self.publish_completion(actor.anonymous_id)
        if self.authored.grading == "mentor_assessed":  # each submit or edit is an attempt for the mentor to score
            from .services.grading import record_submission

            record_submission(self.block_ref, actor.anonymous_id)
        notification_events.response_submitted(self.block_ref, self.display_name, prompt.text, response, first)
        return {"prompt_id": prompt.id, **service.own_response_json(response, actor), "late": late}

    @api_handler(methods=("GET",))
    def list_responses(self, data, suffix=""):
        """Others' responses: GET ?prompt_id=…&page=1 (20 a page, newest first)."""
        from .services.prompts import list_responses

        prompt = self._prompt_or_404(data.get("prompt_id"))
        return list_responses(self.block_ref, prompt, self.actor(), data.get("page", 1))

    @api_handler()
    def post_reply(self, data, suffix=""):
        """{"prompt_id": …, "response_id": 12, "text": …} → the reply."""
        from .services import notification_events
        from .services import prompts as service

        prompt = self._prompt_or_404(require(data, "prompt_id", max_length=64))
        actor = self.actor()
        reply = service.post_reply(self.block_ref, prompt, actor, data.get("response_id"), data.get("text"))
        self.runtime.publish(
            self, "edx.mentorship.reply.posted",
            {"prompt_id": prompt.id, "response_id": reply.response_id, "reply_id": reply.pk, "role": reply.author_role},
        )
        notification_events.reply_posted(self.block_ref, self.display_name, reply)
        return service.reply_json(reply, actor)

    @api_handler()
    def edit_reply(self, data, suffix=""):
        """{"reply_id": 7, "text": …}: authors only, while they may still read it."""
        from .services import prompts as service

        actor = self.actor()
        reply = service.edit_reply(self.block_ref, self.authored.prompt, actor, data.get("reply_id"), data.get("text"))
        return service.reply_json(reply, actor)

    @api_handler()
    def delete_reply(self, data, suffix=""):
        """{"reply_id": 7}: authors only, while they may still read it."""
        from .services.prompts import delete_reply

        delete_reply(self.block_ref, self.authored.prompt, self.actor(), data.get("reply_id"))
        return {"deleted": True}

    @api_handler()
    def flag(self, data, suffix=""):
        """{"kind": "response"|"reply", "id": 7, "reason": "…"}: anyone who can see the item."""
        from .services import notification_events
        from .services.prompts import flag

        created = flag(
            self.block_ref, self.authored.prompt, self.actor(), data.get("kind"), data.get("id"),
            data.get("reason", ""),
        )
        if created:
            self.runtime.publish(self, "edx.mentorship.item.flagged", {"kind": data["kind"], "id": data["id"]})
            notification_events.reported(self.block_ref, self.display_name, data["kind"], data["id"], data.get("reason", ""))
        return {"flagged": True, "already": not created}

    @api_handler()
    def unflag(self, data, suffix=""):
        """{"kind": "response"|"reply", "id": 7}: withdraw one's own report before a moderator acts on it."""
        from .services.prompts import unflag

        withdrawn = unflag(self.block_ref, self.actor(), data.get("kind"), data.get("id"))
        if withdrawn:
            self.runtime.publish(self, "edx.mentorship.item.unflagged", {"kind": data["kind"], "id": data["id"]})
        return {"flagged": False, "withdrawn": withdrawn}

    @api_handler()
    def hide(self, data, suffix=""):
        """{"kind": "response"|"reply", "id": 7, "hidden": true, "reason"?: "…"}: the author's mentors and
        course staff; the author is told, with the reason. Hiding resolves the item's reports."""
        from .services import notification_events
        from .services.prompts import set_hidden

        item = set_hidden(
            self.block_ref, self.actor(), data.get("kind"), data.get("id"), data.get("hidden", True), self.authored.prompt,
            reason=data.get("reason", ""),
        )
        if item.hidden:  # (hiding again with a new reason tells the author the new reason)
            notification_events.hidden(self.block_ref, self.display_name, data["kind"], item)
        return {"hidden": item.hidden, "hidden_reason": item.hidden_reason}

    @api_handler()
    def mark_feedback_seen(self, data, suffix=""):
        """{"prompt_id": …}: the learner has read the feedback on their response."""
        from .services.prompts import mark_feedback_seen

        prompt = self._prompt_or_404(require(data, "prompt_id", max_length=64))
        mark_feedback_seen(self.block_ref, self.actor(), prompt)
        return {"seen": True}
