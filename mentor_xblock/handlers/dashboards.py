"""Handlers of the mentor and programme dashboards: queue, reviews, reported posts, figures.
Learners get 403 from all of them (the services check)."""
from __future__ import annotations

from ..base import BlockBase
from ..errors import require
from ..services import dashboard, mentee, moderation, reports, reviews
from ..services.paging import page_number
from .decorator import MAX_AUTHORING_BYTES, api_handler


class DashboardHandlers(BlockBase):
    """The mentor's queue and reviews, moderation, programme figures, the CSV assignment import."""

    @api_handler(methods=("GET",))
    def mentor_dashboard(self, data, suffix=""):
        """GET ?page=1&search=ann&queue_page=1: my mentees, the feedback queue, my median turnaround."""
        return dashboard.mentor_view(
            self.block_ref,
            self.actor(),
            self.authored,
            page=page_number(data.get("page", 1)),
            search=data.get("search", ""),
            queue_page=page_number(data.get("queue_page", 1), "queue_page"),
            scoring=self.scoring,
            target_hours=self.response_target_hours(),
        )

    @api_handler(methods=("GET",))
    def mentee(self, data, suffix=""):
        """GET ?learner=12&page=1: one mentee's conversation in this course (their mentors, staff):
        every response oldest first with its rounds and replies, and the feedback still owed."""
        return mentee.mentee_conversation(self.block_ref, self.actor(), data.get("learner"), self.authored,
                                          page_number(data.get("page", 1)))

    @api_handler()
    def review_response(self, data, suffix=""):
        """{"response_id": 12, "status": "reviewed" | "needs_revision", "comment": "…", "levels"?: [2, 1]}:
        a level of each of the prompt's criteria (docs/api.md); again on a reviewed response, a change."""
        response = reviews.review_response(
            self.block_ref, self.actor(), data.get("response_id"), require(data, "status", max_length=20),
            data.get("comment", ""), content=self.authored, scoring=self.scoring, levels=data.get("levels"),
        )
        self.runtime.publish(
            self, "edx.mentorship.response.reviewed", {"response_id": response.pk, "status": response.review_status}
        )
        return {"response_id": response.pk, "review_status": response.review_status, "review_comment": response.review_comment,
                "review_points": response.review_points}

    @api_handler(methods=("GET",))
    def reported_items(self, data, suffix=""):
        """GET ?page=1: reported items with their open reports and reasons, oldest report first; a mentor's
        are their mentees' threads, staff see the whole course (also as programme?list=flags)."""
        return moderation.reported_items(self.block_ref.course_key, self.actor(), page_number(data.get("page", 1)))

    @api_handler()
    def moderate(self, data, suffix=""):
        """{"kind": "response"|"reply", "id": 7, "action": "hide"|"unhide"|"dismiss", "reason"?: "…"}:
        course-wide for staff, their mentees' threads for mentors. A hidden item's author is told why."""
        action = require(data, "action", max_length=10)
        item = moderation.moderate(self.block_ref, self.actor(), data.get("kind"), data.get("id"), action,
                                   data.get("reason", ""))
        self.runtime.publish(self, "edx.mentorship.item.moderated", {"kind": data["kind"], "id": item.pk, "action": action})
        return {"kind": data["kind"], "id": item.pk, "hidden": item.hidden, "hidden_reason": item.hidden_reason,
                "flag_count": 0 if action != "unhide" else item.flag_count}

    @api_handler(methods=("GET",))
    def programme_figures(self, data, suffix=""):
        """GET ?page=1: course-wide programme figures, this block's segment completion and
        the median turnaround of one page of mentors (staff)."""
        return dashboard.programme_figures(self.block_ref, self.actor(), self.authored, page_number(data.get("page", 1)),
                                           target_hours=self.response_target_hours())

    @api_handler(max_bytes=MAX_AUTHORING_BYTES)  # a CSV of up to 2 MB, inside JSON
    def import_assignments(self, data, suffix=""):
        """{"csv": "learner,mentor\\nann,mentor_ada\\n"}: all rows or none; problems listed by line."""
        made = reports.import_assignments(self.block_ref, self.actor(), data.get("csv"))
        self.runtime.publish(self, "edx.mentorship.assignments.imported", {"count": len(made)})
        return {"assigned": len(made)}
