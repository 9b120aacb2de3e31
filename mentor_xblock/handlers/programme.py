"""Handlers for the course's mentor programme: the learner's mentors, the pool, assignments, mail choices.

Every handler works with the course's effective settings (the strictest of its blocks,
services/programme/settings.py), never with this block's alone. Rendering (the mentor widget
of the learner view) writes nothing; the only row a handler adds besides its operation's is
this block's ProgrammeBlock record, once, after it succeeded (BlockBase.record_block_if_new).
"""
from __future__ import annotations

from django.utils import translation

from ..base import BlockBase
from ..errors import BadRequest
from ..services import notifications, programme
from ..services.paging import page_number
from ..views.widget import widget_html
from .decorator import api_handler

EVENT_ASSIGNED = "edx.mentorship.mentor.assigned"
EVENT_ENDED = "edx.mentorship.mentor.ended"
EVENT_CHANGE_REQUESTED = "edx.mentorship.mentor.change_requested"
EVENT_CHANGE_RESOLVED = "edx.mentorship.mentor.change_resolved"
EVENT_INTERESTS = "edx.mentorship.interests.updated"
EVENT_PROFILE_SAVED = "edx.mentorship.mentor_profile.saved"
EVENT_BULK = "edx.mentorship.mentor.bulk_assigned"
EVENT_JOINED = "edx.mentorship.programme.joined"
EVENT_REQUESTED = "edx.mentorship.mentor.requested"
EVENT_REQUEST_ANSWERED = "edx.mentorship.mentor.request_answered"
EVENT_REQUEST_WITHDRAWN = "edx.mentorship.mentor.request_withdrawn"


class ProgrammeHandlers(BlockBase):
    """The learner's and the programme staff's programme handlers."""

    # --- events (the analytics record of what the services did) ------------------------

    def _published_assignments(self, made) -> None:
        for assignment in made:
            if assignment is not None:
                self.runtime.publish(self, EVENT_ASSIGNED, {
                    "assignment_id": assignment.pk, "mentor_profile_id": assignment.mentor_id,
                    "learner_id": assignment.learner_id, "method": assignment.method, "why": assignment.why,
                })

    def _published_request(self, request) -> None:
        if request is not None:
            self.runtime.publish(self, EVENT_REQUESTED, {
                "request_id": request.pk, "mentor_profile_id": request.mentor_id, "rank": request.rank,
            })

    def _published_end(self, assignment, why: str) -> None:
        if assignment is not None:
            self.runtime.publish(self, EVENT_ENDED, {
                "assignment_id": assignment.pk, "mentor_profile_id": assignment.mentor_id,
                "learner_id": assignment.learner_id, "why": why,
            })

    def _with_state(self, ref, settings, answer: dict, data: dict) -> dict:
        """Learner answers carry the fresh widget state (and its HTML when asked, for the block's JS)."""
        answer["mentoring"] = programme.learner_state(ref, self.who(), settings)
        if data.get("html"):
            answer["html"] = widget_html(self)
        self.record_block_if_new()
        return answer

    # --- mail preferences (everyone signed in, per course) ---------------------------------

    @api_handler(methods=("GET",))
    def notification_settings(self, data, suffix=""):
        """GET: {"mode": "immediate" | "digest" | "off"} for the viewer in this course (immediate by default)."""
        return {"mode": notifications.mode_of(self.block_ref.course_key, self.actor().anonymous_id)}

    @api_handler(methods=("POST",))
    def set_notification_settings(self, data, suffix=""):
        """{"mode": "immediate" | "digest" | "off"}: how the viewer gets mentoring mail about this course.
        The language they use the block in is kept for their mail (the LMS's account language wins there)."""
        mode = notifications.set_mode(
            self.block_ref.course_key, self.actor().anonymous_id, data.get("mode"), translation.get_language() or ""
        )
        self.runtime.publish(self, "edx.mentorship.notifications.set", {"mode": mode})
        return {"mode": mode}

    # --- learner handlers --------------------------------------------------------------

    @api_handler(methods=("GET",))
    def mentors(self, data, suffix=""):
        """The learner's mentors, interests and, for learner_choice, a page of mentors with free places.

        Reads only: nobody joins or is matched by asking (see join_programme).
        """
        ref, settings = self.programme_settings()
        page = page_number(data.get("page", 1))  # before anything else: a refusal changes nothing
        answer = programme.learner_state(ref, self.who(), settings, page=page)
        if data.get("html"):
            answer["html"] = widget_html(self)
        self.record_block_if_new()
        return answer

    @api_handler(methods=("POST",))
    def join_programme(self, data, suffix=""):
        """{"interests"?: ["leadership"], "ranked_mentors"?: [3, 5, 1]}: join the programme (both optional); in
        `auto`, get matched (ranked mentors first); in `learner_choice`, take or ask the first ranked mentor."""
        ref, settings = self.programme_settings()
        profile, made, request = programme.join_programme(ref, self.who(), settings, data.get("interests"),
                                                          data.get("ranked_mentors"))
        self.runtime.publish(self, EVENT_JOINED, {"interests": list(profile.interests),
                                                  "ranked_mentors": list(profile.ranked_mentors or [])})
        self._published_assignments(made)
        self._published_request(request)
        answer = {"joined": True, "interests": list(profile.interests),
                  "ranked_mentors": list(profile.ranked_mentors or []),
                  "assigned": [programme.assignment_json(a) for a in made],
                  "request": programme.request_json(request) if request else None}
        return self._with_state(ref, settings, answer, data)

    @api_handler(methods=("POST",))
    def set_interests(self, data, suffix=""):
        """{"interests": ["leadership", "careers"]}: at most 5 of the course's tags; joins the programme
        if needed and, in `auto`, matches a learner who lacks mentors."""
        ref, settings = self.programme_settings()
        chosen, made = programme.set_interests(ref, self.who(), settings, data.get("interests"))
        self.runtime.publish(self, EVENT_INTERESTS, {"interests": chosen})
        self._published_assignments(made)
        answer = {"interests": chosen, "assigned": [programme.assignment_json(a) for a in made]}
        return self._with_state(ref, settings, answer, data)

    @api_handler(methods=("POST",))
    def choose_mentor(self, data, suffix=""):
        """{"mentor_id": 3} or, to switch, {"mentor_id": 3, "replace": <assignment_id>} (learner_choice);
        "ranked_mentors"?: up to three mentor ids, first choice first (the choice is then mentor_id or the first).
        With mentor_approval the answer has the pending "request" instead of an "assignment"."""
        ref, settings = self.programme_settings()
        made, old, request = programme.choose_mentor(ref, self.who(), settings, data.get("mentor_id"),
                                                     data.get("replace"), data.get("ranked_mentors"))
        self._published_end(old, "switched by the learner")
        self._published_assignments([made])
        self._published_request(request)
        answer = {"assignment": programme.assignment_json(made) if made else None, "replaced": old.pk if old else None,
                  "request": programme.request_json(request) if request else None}
        return self._with_state(ref, settings, answer, data)

    @api_handler(methods=("POST",))
    def dismiss_change_answer(self, data, suffix=""):
        """{"request_id": 5}: the learner read the programme team's answer to their change request."""
        ref, settings = self.programme_settings()
        programme.dismiss_change_answer(ref, self.who(), data.get("request_id"))
        return self._with_state(ref, settings, {"dismissed": True}, data)

    @api_handler(methods=("POST",))
    def request_change(self, data, suffix=""):
        """{"assignment_id": 7, "reason": "…"}: ask the programme team for another mentor."""
        ref, settings = self.programme_settings()
        change = programme.request_change(ref, self.who(), settings, data.get("assignment_id"), data.get("reason"))
        self.runtime.publish(self, EVENT_CHANGE_REQUESTED, {"request_id": change.pk, "assignment_id": change.assignment_id})
        answer = {"request_id": change.pk, "status": change.status}
        return self._with_state(ref, settings, answer, data)

    @api_handler(methods=("POST",))
    def withdraw_request(self, data, suffix=""):
        """{"request_id": 4}: the learner withdraws their pending mentor request."""
        ref, settings = self.programme_settings()
        request = programme.withdraw_request(ref, self.who(), data.get("request_id"))
        self.runtime.publish(self, EVENT_REQUEST_WITHDRAWN, {"request_id": request.pk})
        return self._with_state(ref, settings, {"request": programme.request_json(request)}, data)

    # --- mentor handlers (mentor_approval) ----------------------------------------------

    @api_handler(methods=("GET",))
    def mentor_requests(self, data, suffix=""):
        """Mentor: the learners' pending requests to them, oldest first."""
        ref, _settings = self.programme_settings()
        return {"requests": programme.mentor_inbox(ref, self.who())}

    @api_handler(methods=("POST",))
    def answer_request(self, data, suffix=""):
        """Mentor: {"request_id": 4, "accept": true | false, "note"?: "…"}; 409 once it expired or was withdrawn."""
        ref, settings = self.programme_settings()
        result = programme.answer_request(ref, self.who(), settings, data.get("request_id"), data.get("accept"),
                                          data.get("note", ""))
        request, made = result["request"], result["assignment"]
        self.runtime.publish(self, EVENT_REQUEST_ANSWERED, {"request_id": request.pk, "status": request.status,
                                                            "accepted": request.status == "accepted"})
        self._published_end(result["replaced"], "switched by the learner")
        self._published_assignments([made])
        self._published_request(result["next"])
        self.record_block_if_new()
        answer = {"request": programme.request_json(request),
                  "assignment": programme.assignment_json(made) if made else None,
                  "requests": programme.mentor_inbox(ref, self.who())}
        if data.get("html"):
            answer["html"] = widget_html(self)
        return answer

    # --- staff handlers ----------------------------------------------------------------

    @api_handler(methods=("GET",))
    def programme(self, data, suffix=""):
        """Staff: programme counts and one page of mentors (with loads), learners or change requests."""
        ref, settings = self.programme_settings()
        answer = programme.programme_page(ref, self.who(), data.get("list", "mentors"), data.get("page", 1),
                                          settings=settings)
        self.record_block_if_new()
        return answer

    @api_handler(methods=("POST",))
    def save_mentor(self, data, suffix=""):
        """Staff: {"username": "mentor_ada", "display_name": …, "bio", "tags", "capacity", "active", "contact_url"}."""
        ref, settings = self.programme_settings()
        profile, created = programme.save_mentor(ref, self.who(), self.runtime.service(self, "user"), data,
                                                 settings=settings)
        self.runtime.publish(self, EVENT_PROFILE_SAVED, {
            "mentor_profile_id": profile.pk, "created": created, "capacity": profile.capacity, "active": profile.active,
        })
        self.record_block_if_new()
        return {
            "created": created,
            "mentor": {**programme.mentor_json(profile), "username": profile.username, "active": profile.active},
        }

    @api_handler(methods=("POST",))
    def assign(self, data, suffix=""):
        """Staff: {"username" | "learner_id", "mentor_id", "replace"?: <assignment_id>, "reason"?}."""
        ref, settings = self.programme_settings()
        made, old = programme.assign(ref, self.who(), settings, data)
        self._published_end(old, "reassigned by staff")
        self._published_assignments([made])
        self.record_block_if_new()
        return {"assignment": programme.assignment_json(made), "learner_id": made.learner_id,
                "replaced": old.pk if old else None}

    @api_handler(methods=("POST",))
    def end_assignment(self, data, suffix=""):
        """Staff: {"assignment_id": 7, "reason": "…"}. The row stays as history."""
        ref, settings = self.programme_settings()
        ended = programme.end_assignment(ref, self.who(), data.get("assignment_id"), data.get("reason", ""),
                                         settings=settings)
        self._published_end(ended, "ended by staff")
        self.record_block_if_new()
        return {"assignment_id": ended.pk, "active": ended.active, "ended_at": ended.ended_at.isoformat(),
                "end_reason": ended.end_reason}

    @api_handler(methods=("POST",))
    def resolve_change_request(self, data, suffix=""):
        """Staff: {"request_id": 4, "approve": true, "note"?: "…", "mentor_id"?: 3}."""
        ref, settings = self.programme_settings()
        result = programme.resolve_change_request(
            ref, self.who(), settings, data.get("request_id"), data.get("approve"), data.get("note", ""),
            data.get("mentor_id"),
        )
        self._published_end(result["ended"], "change request approved")
        self._published_assignments(result["assigned"])
        self.runtime.publish(self, EVENT_CHANGE_RESOLVED, {"request_id": result["request_id"], "approved": result["approved"]})
        self.record_block_if_new()
        assigned = result["assigned"]
        return {
            "request_id": result["request_id"], "approved": result["approved"],
            "ended_assignment_id": result["ended"].pk if result["ended"] else None,
            "assigned": [programme.assignment_json(a) for a in assigned],
            # True when the learner was left without a mentor because nobody had a free place.
            "unassigned": result["approved"] and not assigned,
            "no_free_places": result["no_places"],
        }

    @api_handler(methods=("POST",))
    def auto_assign(self, data, suffix=""):
        """Staff: {"preview": true} proposes the optimal matching; {"preview": false} applies it."""
        ref, settings = self.programme_settings()
        preview = data.get("preview", True)
        if not isinstance(preview, bool):
            raise BadRequest("The request must say whether to preview the matching (yes or no).")
        report = programme.auto_assign(ref, self.who(), preview, settings=settings)
        if not preview:
            self.runtime.publish(self, EVENT_BULK, {
                "placed": report.placed, "lost": len(report.lost), "unplaced": report.unplaced_count,
            })
        self.record_block_if_new()
        return report.as_dict()
