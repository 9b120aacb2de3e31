"""Handlers for the course's mentor programme: the learner's mentors, the pool, assignments.

Each handler parses its input, calls one function of services/programme.py (which
checks the role and owns the transaction) and shapes the JSON. Analytics events
are published here, by the server, with fixed names.
"""
from __future__ import annotations

from .api import BadRequest, Forbidden, NotFound, api_handler, require
from .rendering import render_template
from .viewer import viewer_for

EVENT_ASSIGNED = "edx.mentorship.mentor.assigned"
EVENT_ENDED = "edx.mentorship.mentor.ended"
EVENT_CHANGE_REQUESTED = "edx.mentorship.mentor.change_requested"
EVENT_CHANGE_RESOLVED = "edx.mentorship.mentor.change_resolved"
EVENT_INTERESTS = "edx.mentorship.interests.updated"
EVENT_PROFILE_SAVED = "edx.mentorship.mentor_profile.saved"
EVENT_BULK = "edx.mentorship.mentor.bulk_assigned"


class ProgrammeMixin:
    """Mixed into MentorXBlock."""

    # --- helpers -------------------------------------------------------------------

    def _programme(self):
        from .services.programme import Settings

        mentoring = self.authored.mentoring
        if mentoring is None:
            raise NotFound("This block has no mentor programme.")
        return self.block_ref.course_key, Settings.of(mentoring)

    def _published_assignments(self, made) -> None:
        for assignment in made:
            if assignment is not None:
                self.runtime.publish(self, EVENT_ASSIGNED, {
                    "assignment_id": assignment.pk, "mentor_profile_id": assignment.mentor_id,
                    "learner_id": assignment.learner_id, "method": assignment.method,
                })

    def _published_end(self, assignment, why: str) -> None:
        if assignment is not None:
            self.runtime.publish(self, EVENT_ENDED, {
                "assignment_id": assignment.pk, "mentor_profile_id": assignment.mentor_id,
                "learner_id": assignment.learner_id, "why": why,
            })

    def my_mentors(self, viewer) -> list:
        """The current learner's mentors (for student_view_user_state); [] for others."""
        from .services import programme, roles

        if self.authored.mentoring is None or not viewer.is_authenticated:
            return []
        course_key = self.block_ref.course_key
        if self.course_role(viewer) != roles.LEARNER:
            return []
        return programme.my_mentors(course_key, viewer.anonymous_id)

    def mentor_widget(self, viewer):
        """The learner view's mentor part: template context and JS args, or None."""
        from .services import programme, roles

        if self.authored.mentoring is None or not viewer.is_authenticated:
            return None
        course_key, settings = self._programme()
        role = self.course_role(viewer)
        if role == roles.STAFF:
            return None  # programme staff have the programme dashboard (handlers_dashboard.dashboard_part)
        context = {"role": role, "dom_id": self.dom_id}
        if role == roles.LEARNER:
            self._published_assignments(programme.auto_assign_on_visit(course_key, viewer, settings))
            context["state"] = programme.learner_state(course_key, viewer, settings)
        else:
            context["mentor"] = programme.mentor_summary(course_key, viewer)
        return {"context": context, "args": {"role": role, "i18n": self.mentor_catalogue()}}

    def mentor_catalogue(self) -> dict:
        _ = self._
        return {
            "working": _("Saving…"),
            "failed": _("That did not work: {error}"),
            "too_many": _("Choose at most {max} interests."),
            "interests_saved": _("Your interests are saved."),
            "chosen": _("{name} is now your mentor."),
            "switched": _("You switched to {name}."),
            "requested": _("Your request was sent to the programme team."),
            "reason_needed": _("Please say why you would like a different mentor."),
        }

    def _widget_html(self, viewer) -> str:
        widget = self.mentor_widget(viewer)
        return render_template(self, "mentor_widget.html", mentor_widget=widget["context"], dom_id=self.dom_id)

    def _with_state(self, viewer, course_key, settings, answer: dict, data: dict) -> dict:
        """Learner answers carry the fresh widget state (and its HTML when asked, for the block's JS)."""
        from .services import programme

        answer["mentoring"] = programme.learner_state(course_key, viewer, settings)
        if data.get("html"):
            answer["html"] = self._widget_html(viewer)
        return answer

    # --- learner handlers --------------------------------------------------------------

    @api_handler(methods=("GET",))
    def mentors(self, data, suffix=""):
        """The learner's mentors, interests and, for learner_choice, a page of mentors with free places.

        A learner in an `auto` programme who still needs mentors gets them here (first visit).
        """
        from .services import programme

        from .services.paging import page_number

        course_key, settings = self._programme()
        page = page_number(data.get("page", 1))  # before the visit assigns anyone: a refusal changes nothing
        viewer = viewer_for(self)
        self._published_assignments(programme.auto_assign_on_visit(course_key, viewer, settings))
        answer = programme.learner_state(course_key, viewer, settings, page=page)
        if data.get("html"):
            answer["html"] = self._widget_html(viewer)
        return answer

    @api_handler(methods=("POST",))
    def set_interests(self, data, suffix=""):
        """{"interests": ["leadership", "careers"]}: at most 5 of the block's tags."""
        from .services import programme

        course_key, settings = self._programme()
        viewer = viewer_for(self)
        chosen = programme.set_interests(course_key, viewer, settings, data.get("interests"))
        self.runtime.publish(self, EVENT_INTERESTS, {"interests": chosen})
        return self._with_state(viewer, course_key, settings, {"interests": chosen}, data)

    @api_handler(methods=("POST",))
    def choose_mentor(self, data, suffix=""):
        """{"mentor_id": 3} or, to switch, {"mentor_id": 3, "replace": <assignment_id>} (learner_choice)."""
        from .services import programme

        course_key, settings = self._programme()
        viewer = viewer_for(self)
        made, old = programme.choose_mentor(course_key, viewer, settings, data.get("mentor_id"), data.get("replace"))
        self._published_end(old, "switched by the learner")
        self._published_assignments([made])
        answer = {"assignment": programme.assignment_json(made), "replaced": old.pk if old else None}
        return self._with_state(viewer, course_key, settings, answer, data)

    @api_handler(methods=("POST",))
    def request_change(self, data, suffix=""):
        """{"assignment_id": 7, "reason": "…"}: ask the programme team for another mentor."""
        from .services import programme

        course_key, settings = self._programme()
        viewer = viewer_for(self)
        change = programme.request_change(
            course_key, viewer, settings, data.get("assignment_id"), data.get("reason")
        )
        self.runtime.publish(self, EVENT_CHANGE_REQUESTED, {"request_id": change.pk, "assignment_id": change.assignment_id})
        answer = {"request_id": change.pk, "status": change.status}
        return self._with_state(viewer, course_key, settings, answer, data)

    # --- staff handlers ----------------------------------------------------------------

    @api_handler(methods=("GET",))
    def programme(self, data, suffix=""):
        """Staff: programme counts and one page of mentors (with loads), learners or change requests."""
        from .services import programme

        course_key, _settings = self._programme()
        return programme.programme_page(
            course_key, viewer_for(self), data.get("list", "mentors"), data.get("page", 1)
        )

    @api_handler(methods=("POST",))
    def save_mentor(self, data, suffix=""):
        """Staff: {"username": "mentor_ada", "display_name": …, "bio", "tags", "capacity", "active", "contact_url"}."""
        from .services import programme, roles

        course_key, _settings = self._programme()
        viewer = viewer_for(self)
        if roles.course_role(course_key, viewer) != roles.STAFF:  # before looking anyone up
            raise Forbidden("Only course staff who run the programme may do this.")
        username = require(data, "username", max_length=150).strip()
        mentor_id = programme.resolve_staff_user(self.runtime.service(self, "user"), username, course_key)
        if mentor_id is None:
            raise BadRequest(f"{username!r} is not a user with course staff access; only course staff can be mentors.")
        profile, created = programme.save_mentor(course_key, viewer, mentor_id, username, data)
        self.runtime.publish(self, EVENT_PROFILE_SAVED, {
            "mentor_profile_id": profile.pk, "created": created, "capacity": profile.capacity, "active": profile.active,
        })
        return {
            "created": created,
            "mentor": {**programme.mentor_json(profile), "username": profile.username, "active": profile.active},
        }

    @api_handler(methods=("POST",))
    def assign(self, data, suffix=""):
        """Staff: {"username" | "learner_id", "mentor_id", "replace"?: <assignment_id>, "reason"?}."""
        from .services import programme

        course_key, _settings = self._programme()
        made, old = programme.assign(course_key, viewer_for(self), data)
        self._published_end(old, "reassigned by staff")
        self._published_assignments([made])
        return {"assignment": programme.assignment_json(made), "learner_id": made.learner_id,
                "replaced": old.pk if old else None}

    @api_handler(methods=("POST",))
    def end_assignment(self, data, suffix=""):
        """Staff: {"assignment_id": 7, "reason": "…"}. The row stays as history."""
        from .services import programme

        course_key, _settings = self._programme()
        ended = programme.end_assignment(course_key, viewer_for(self), data.get("assignment_id"), data.get("reason", ""))
        self._published_end(ended, "ended by staff")
        return {"assignment_id": ended.pk, "active": ended.active, "ended_at": ended.ended_at.isoformat(),
                "end_reason": ended.end_reason}

    @api_handler(methods=("POST",))
    def resolve_change_request(self, data, suffix=""):
        """Staff: {"request_id": 4, "approve": true, "note"?: "…", "mentor_id"?: 3}."""
        from .services import programme

        course_key, settings = self._programme()
        result = programme.resolve_change_request(
            course_key, viewer_for(self), settings, data.get("request_id"), data.get("approve"),
            data.get("note", ""), data.get("mentor_id"),
        )
        self._published_end(result["ended"], "change request approved")
        self._published_assignments(result["assigned"])
        self.runtime.publish(self, EVENT_CHANGE_RESOLVED, {"request_id": result["request_id"], "approved": result["approved"]})
        return {
            "request_id": result["request_id"], "approved": result["approved"],
            "ended_assignment_id": result["ended"].pk if result["ended"] else None,
            "assigned": [programme.assignment_json(a) for a in result["assigned"]],
        }

    @api_handler(methods=("POST",))
    def auto_assign(self, data, suffix=""):
        """Staff: {"preview": true} proposes the optimal matching; {"preview": false} applies it."""
        from .services import programme

        course_key, _settings = self._programme()
        preview = data.get("preview", True)
        if not isinstance(preview, bool):
            raise BadRequest("'preview' must be true or false.")
        report = programme.auto_assign(course_key, viewer_for(self), preview)
        if not preview:
            self.runtime.publish(self, EVENT_BULK, {
                "placed": report.placed, "lost": len(report.lost), "unplaced": report.unplaced_count,
            })
        return report.as_dict()
