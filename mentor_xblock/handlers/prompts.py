"""Handlers for reflections: drafts, submissions, peers' responses, replies, reports and feedback seen.

Responses are plain text; `text_parts` carries links safely. Who may read or act on an item
is the one rule of services/reflection_access.py, applied by the services.
"""
from __future__ import annotations

from ..base import BlockBase
from ..core.moments import moment_of
from ..errors import BadRequest, require
from ..services import moderation, posting, responses, reviews
from .decorator import api_handler


class PromptHandlers(BlockBase):
    """Reflections: each handler parses, calls one service function, shapes JSON."""

    @api_handler()
    def save_draft(self, data, suffix=""):
        """Autosave: {"prompt_id": "your-why", "text": "…", "version": 3} → {"draft_saved_at": "…", "version": 4};
        a stale version → 409 {"error", "draft", "version"} (docs/api.md). Without "version" the last save wins."""
        prompt = self.prompt_or_404(require(data, "prompt_id", max_length=64))
        version = posting.draft_version_of(data.get("version"))
        moment = self.moment_or_400(data) if "moment" in data else posting.KEEP
        self.check_deadline()
        response = posting.save_draft(self.block_ref, prompt, self.actor(), data.get("text", ""), version, moment)
        return {"prompt_id": prompt.id, "draft_saved_at": response.draft_saved_at.isoformat(),
                "version": response.draft_version,
                "moment": moment_of(response.draft_moment_segment, response.draft_moment_seconds)}

    @api_handler()
    def submit_response(self, data, suffix=""):
        """Submit or edit: {"prompt_id": …, "text": …, "moment"?: {"segment_id": …, "seconds": …}}; min_words
        is checked here too. Each changed submission is a new version (round) of the response."""
        prompt = self.prompt_or_404(require(data, "prompt_id", max_length=64))
        moment = self.moment_or_400(data)
        actor = self.actor()
        late = self.check_deadline()
        response, first = posting.submit_response(self.block_ref, prompt, actor, data.get("text"), self.authored.grading,
                                                  moment)
        self.runtime.publish(
            self,
            "edx.mentorship.response.submitted" if first else "edx.mentorship.response.edited",
            {"prompt_id": prompt.id, "response_id": response.pk, "word_count": len(response.text.split())},
        )
        if first:
            self.publish_completion(actor.anonymous_id)
        return {"prompt_id": prompt.id, **responses.own_response_json(response, actor), "late": late}

    @api_handler(methods=("GET",))
    def list_responses(self, data, suffix=""):
        """Others' responses: GET ?prompt_id=…&page=1 (20 a page, newest first)."""
        prompt = self.prompt_or_404(data.get("prompt_id"))
        return responses.list_responses(self.block_ref, prompt, self.actor(), data.get("page", 1))

    @api_handler()
    def post_reply(self, data, suffix=""):
        """{"prompt_id": …, "response_id": 12, "text": …, "moment"?: {…}} → the reply."""
        prompt = self.prompt_or_404(require(data, "prompt_id", max_length=64))
        moment = self.moment_or_400(data)
        actor = self.actor()
        reply = posting.post_reply(self.block_ref, prompt, actor, data.get("response_id"), data.get("text"), moment)
        self.runtime.publish(
            self, "edx.mentorship.reply.posted",
            {"prompt_id": prompt.id, "response_id": reply.response_id, "reply_id": reply.pk, "role": reply.author_role},
        )
        return responses.reply_json(reply, actor)

    @api_handler()
    def edit_reply(self, data, suffix=""):
        """{"reply_id": 7, "text": …}: authors only, while they may still read it."""
        actor = self.actor()
        reply = posting.edit_reply(self.block_ref, self.authored.prompt, actor, data.get("reply_id"), data.get("text"))
        return responses.reply_json(reply, actor)

    @api_handler()
    def delete_reply(self, data, suffix=""):
        """{"reply_id": 7}: authors only, while they may still read it."""
        posting.delete_reply(self.block_ref, self.authored.prompt, self.actor(), data.get("reply_id"))
        return {"deleted": True}

    @api_handler()
    def flag(self, data, suffix=""):
        """{"kind": "response"|"reply", "id": 7, "reason": "…"}: anyone who can see the item."""
        created = posting.flag(self.block_ref, self.authored.prompt, self.actor(), data.get("kind"), data.get("id"),
                               data.get("reason", ""))
        if created:
            self.runtime.publish(self, "edx.mentorship.item.flagged", {"kind": data["kind"], "id": data["id"]})
        return {"flagged": True, "already": not created}

    @api_handler()
    def unflag(self, data, suffix=""):
        """{"kind": "response"|"reply", "id": 7}: withdraw one's own report before a moderator acts on it."""
        withdrawn = posting.unflag(self.block_ref, self.actor(), data.get("kind"), data.get("id"))
        if withdrawn:
            self.runtime.publish(self, "edx.mentorship.item.unflagged", {"kind": data["kind"], "id": data["id"]})
        return {"flagged": False, "withdrawn": withdrawn}

    @api_handler()
    def hide(self, data, suffix=""):
        """{"kind": "response"|"reply", "id": 7, "hidden": true, "reason"?: "…"}: the `moderate` handler's
        hide / unhide, kept for the learner view's Hide button and for API clients (docs/api.md)."""
        hidden = data.get("hidden", True)
        if not isinstance(hidden, bool):
            raise BadRequest("The request must say whether to hide the post (yes or no).")
        action = "hide" if hidden else "unhide"
        item = moderation.moderate(self.block_ref, self.actor(), data.get("kind"), data.get("id"), action,
                                   data.get("reason", ""))
        self.runtime.publish(self, "edx.mentorship.item.moderated", {"kind": data["kind"], "id": item.pk, "action": action})
        return {"hidden": item.hidden, "hidden_reason": item.hidden_reason}

    @api_handler()
    def mark_feedback_seen(self, data, suffix=""):
        """{"prompt_id": …}: the learner has read the feedback on their response."""
        prompt = self.prompt_or_404(require(data, "prompt_id", max_length=64))
        reviews.mark_feedback_seen(self.block_ref, self.actor(), prompt)
        return {"seen": True}
