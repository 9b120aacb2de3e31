"""Handlers of check-ins and closing reflections (issue 22): the learner's and the mentor's answers,
and the pairings flagged for programme staff. Services: services/programme/checkins.py, health.py."""
from __future__ import annotations

from ..base import BlockBase
from ..services import programme
from ..views.widget import widget_html
from .decorator import api_handler

EVENT_CHECKIN = "edx.mentorship.checkin.answered"
EVENT_CLOSING = "edx.mentorship.closing.answered"


class CheckinHandlers(BlockBase):
    """answer_checkin, answer_closing (learners and mentors), checkin_flags (staff)."""

    def _answered(self, answer: dict, data: dict) -> dict:
        """The fresh widget (when asked, for the block's JS) and this block's record, once."""
        if data.get("html"):
            answer["html"] = widget_html(self)
        self.record_block_if_new()
        return answer

    @api_handler(methods=("POST",))
    def answer_checkin(self, data, suffix=""):
        """{"assignment_id", "period", "rating": 1–5, "note"?} or {"assignment_id", "period", "skip": true}."""
        ref, settings = self.programme_settings()
        checkin = programme.answer_checkin(ref, self.who(), settings, data)
        # The note stays out of the analytics event: it is for the programme team only.
        self.runtime.publish(self, EVENT_CHECKIN, {
            "assignment_id": checkin.assignment_id, "as": checkin.who, "period": checkin.period,
            "rating": checkin.rating, "skipped": checkin.rating is None,
        })
        return self._answered({"checkin": programme.checkin_json(checkin)}, data)

    @api_handler(methods=("POST",))
    def answer_closing(self, data, suffix=""):
        """{"assignment_id", "text"?} or {"assignment_id", "skip": true}: a closing reflection, once."""
        ref, _settings = self.programme_settings()
        closing = programme.answer_closing(ref, self.who(), data)
        self.runtime.publish(self, EVENT_CLOSING, {
            "assignment_id": closing.assignment_id, "as": closing.who, "skipped": closing.skipped,
        })
        return self._answered({"closing": programme.closing_json(closing)}, data)

    @api_handler(methods=("GET",))
    def checkin_flags(self, data, suffix=""):
        """Staff, GET ?page=1: current pairings rated 2 or lower or with two missed check-ins, with notes."""
        ref, settings = self.programme_settings()
        answer = programme.flagged_page(ref, self.who(), settings, data.get("page", 1))
        self.record_block_if_new()
        return answer
