"""Handlers for the course's mentor programme: the learner's mentors, the pool, assignments.

Each handler parses its input, calls one function of services/programme/ (which
checks the role and owns the transaction) and shapes the JSON. Analytics events
are published here, by the server, with fixed names.

Every handler works with the course's effective settings (the strictest of its blocks,
services/programme/settings.py), never with this block's alone. Rendering (the
mentor_widget part of student_view) writes nothing; the only row a GET handler may
write is this block's ProgrammeBlock record, once, after it succeeded.
"""
from __future__ import annotations

from .api import BadRequest, Forbidden, NotFound, api_handler, require
from .core.messages import N_
from .rendering import per_language, render_template
from .viewer import viewer_for

EVENT_ASSIGNED = "edx.mentorship.mentor.assigned"
EVENT_ENDED = "edx.mentorship.mentor.ended"
EVENT_CHANGE_REQUESTED = "edx.mentorship.mentor.change_requested"
EVENT_CHANGE_RESOLVED = "edx.mentorship.mentor.change_resolved"
EVENT_INTERESTS = "edx.mentorship.interests.updated"
EVENT_PROFILE_SAVED = "edx.mentorship.mentor_profile.saved"
EVENT_BULK = "edx.mentorship.mentor.bulk_assigned"
EVENT_JOINED = "edx.mentorship.programme.joined"


class ProgrammeMixin:
    """Mixed into MentorXBlock."""

    # --- helpers -------------------------------------------------------------------

    def _programme(self):
        """(course_key, the course's effective settings); remembers whether this block is recorded."""
        from .services.programme import Settings, effective

        mentoring = self.authored.mentoring
        if mentoring is None:
            raise NotFound("This block has no mentor programme.")
        ref = self.block_ref
        found = effective(ref.course_key, ref.block_key, Settings.of(mentoring))
        self._programme_block_recorded = found.block_recorded
        return ref.course_key, found.settings

    def _record_block(self) -> None:
        """A handler that succeeded through a block not yet recorded records its settings (never a view)."""
        from .services.programme import record_if_new

        if getattr(self, "_programme_block_recorded", True):
            return
        ref = self.block_ref
        record_if_new(ref.course_key, ref.block_key, self.authored.mentoring)
        self._programme_block_recorded = True

    def record_programme_block(self) -> None:
        """Record this block's mentoring settings for its course (Studio save; see settings.py)."""
        from .services.programme import record_block

        ref = self.block_ref
        record_block(ref.course_key, ref.block_key, self.authored.mentoring)

    def programme_conflict(self) -> str | None:
        """An author warning when this block's mentoring settings differ from the course's
        effective ones (the strictest of its blocks), or None."""
        from .services.programme import Settings, effective

        mentoring = self.authored.mentoring
        if mentoring is None:
            return None
        own = Settings.of(mentoring)
        ref = self.block_ref
        course = effective(ref.course_key, ref.block_key, own).settings
        _ = self._
        labels = {"learner_choice": _("learners choose"), "auto": _("automatic"), "manual": _("staff assign")}
        differences = []
        if course.strategy != own.strategy:
            differences.append(_("assignment: {value}").format(value=labels[course.strategy]))
        if course.mentors_per_learner != own.mentors_per_learner:
            differences.append(_("mentors per learner: {value}").format(value=course.mentors_per_learner))
        if course.allow_change != own.allow_change:
            differences.append(_("changing mentors: not allowed"))
        if set(course.tags) != set(own.tags):
            differences.append(_("interest tags: {value}").format(value=", ".join(course.tags)))
        if not differences:
            return None
        return _("Other mentorship blocks in this course have stricter or different mentoring settings. "
                 "The mentor programme belongs to the course, so learners get the strictest settings of its "
                 "blocks here too: {settings}. Make the settings of the course's blocks the same to remove "
                 "this warning.").format(settings="; ".join(differences))

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

    def _notify_assigned(self, made, learner: bool = True) -> None:
        from .services import notification_events

        notification_events.assigned(self.block_ref, self.display_name, [a for a in made if a is not None], learner=learner)

    def _notify_assigned_later(self, assignment_ids) -> None:
        """Bulk matching and CSV imports can make thousands of pairs: their mail is queued by a
        Celery task once the request has committed, not inside the request."""
        from django.db import transaction

        from .tasks import notify_assignments

        if assignment_ids:
            ref, place = self.block_ref, self.display_name
            transaction.on_commit(lambda: notify_assignments.delay(ref.course_key, ref.block_key, place, list(assignment_ids)))

    def _notify_ended(self, assignment, reason: str, learner: bool = True) -> None:
        from .services import notification_events

        notification_events.ended(self.block_ref, self.display_name, assignment, reason, learner=learner)

    # --- mail preferences (everyone signed in, per course) ---------------------------------

    @api_handler(methods=("GET",))
    def notification_settings(self, data, suffix=""):
        """GET: {"mode": "immediate" | "digest" | "off"} for the viewer in this course (immediate by default)."""
        from .services import notifications

        actor = self.actor()
        return {"mode": notifications.mode_of(self.block_ref.course_key, actor.anonymous_id)}

    @api_handler(methods=("POST",))
    def set_notification_settings(self, data, suffix=""):
        """{"mode": "immediate" | "digest" | "off"}: how the viewer gets mentoring mail about this course.
        The language they use the block in is kept for their mail (the LMS's account language wins there)."""
        from django.utils import translation

        from .services import notifications

        actor = self.actor()
        mode = notifications.set_mode(
            self.block_ref.course_key, actor.anonymous_id, data.get("mode"), translation.get_language() or ""
        )
        self.runtime.publish(self, "edx.mentorship.notifications.set", {"mode": mode})
        return {"mode": mode}

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
        """The learner view's mentor part: template context and JS args, or None. Reads only."""
        from .services import programme, roles

        if self.authored.mentoring is None or not viewer.is_authenticated:
            return None
        course_key, settings = self._programme()
        role = self.course_role(viewer)
        if role == roles.STAFF:
            return None  # programme staff have the programme dashboard (handlers_dashboard.dashboard_part)
        from .services.notifications import mode_of

        context = {"role": role, "dom_id": self.dom_id, "mail_mode": mode_of(course_key, viewer.anonymous_id)}
        if role == roles.LEARNER:
            context["state"] = programme.learner_state(course_key, viewer, settings)
        else:
            context["mentor"] = programme.mentor_summary(course_key, viewer)
        return {"context": context, "args": {"role": role, "i18n": self.mentor_catalogue()}}

    @per_language
    def mentor_catalogue(self) -> dict:
        _ = self._
        return {
            "working": _("Saving…"),
            "joined": _("You joined the mentor programme."),
            "failed": _("That did not work: {error}"),
            "too_many": _("Choose at most {max} interests."),
            "interests_saved": _("Your interests are saved."),
            "chosen": _("{name} is now your mentor."),
            "switched": _("You switched to {name}."),
            "confirm_switch": _("Switch to {name}? Your mentorship with your current mentor ends."),
            "requested": _("Your request was sent to the programme team."),
            "reason_needed": _("Please say why you would like a different mentor."),
            "mail_saved": _("Your email choice is saved."),
            "error": _("Something went wrong. Please try again."),
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
        self._record_block()
        return answer

    # --- learner handlers --------------------------------------------------------------

    @api_handler(methods=("GET",))
    def mentors(self, data, suffix=""):
        """The learner's mentors, interests and, for learner_choice, a page of mentors with free places.

        Reads only: nobody joins or is matched by asking (see join_programme).
        """
        from .services import programme

        from .services.paging import page_number

        course_key, settings = self._programme()
        page = page_number(data.get("page", 1))  # before the visit assigns anyone: a refusal changes nothing
        viewer = viewer_for(self)
        answer = programme.learner_state(course_key, viewer, settings, page=page)
        if data.get("html"):
            answer["html"] = self._widget_html(viewer)
        self._record_block()
        return answer

    @api_handler(methods=("POST",))
    def join_programme(self, data, suffix=""):
        """{"interests"?: ["leadership"]}: join the programme (interests optional); in `auto`, get matched."""
        from .services import programme

        course_key, settings = self._programme()
        viewer = viewer_for(self)
        profile, made = programme.join_programme(course_key, viewer, settings, data.get("interests"))
        self.runtime.publish(self, EVENT_JOINED, {"interests": list(profile.interests)})
        self._published_assignments(made)
        self._notify_assigned(made)
        answer = {"joined": True, "interests": list(profile.interests),
                  "assigned": [programme.assignment_json(a) for a in made]}
        return self._with_state(viewer, course_key, settings, answer, data)

    @api_handler(methods=("POST",))
    def set_interests(self, data, suffix=""):
        """{"interests": ["leadership", "careers"]}: at most 5 of the course's tags; joins the programme
        if needed and, in `auto`, matches a learner who lacks mentors."""
        from .services import programme

        course_key, settings = self._programme()
        viewer = viewer_for(self)
        chosen, made = programme.set_interests(course_key, viewer, settings, data.get("interests"))
        self.runtime.publish(self, EVENT_INTERESTS, {"interests": chosen})
        self._published_assignments(made)
        self._notify_assigned(made)
        answer = {"interests": chosen, "assigned": [programme.assignment_json(a) for a in made]}
        return self._with_state(viewer, course_key, settings, answer, data)

    @api_handler(methods=("POST",))
    def choose_mentor(self, data, suffix=""):
        """{"mentor_id": 3} or, to switch, {"mentor_id": 3, "replace": <assignment_id>} (learner_choice)."""
        from .services import programme

        course_key, settings = self._programme()
        viewer = viewer_for(self)
        made, old = programme.choose_mentor(course_key, viewer, settings, data.get("mentor_id"), data.get("replace"))
        self._published_end(old, "switched by the learner")
        self._published_assignments([made])
        self._notify_ended(old, "switched by the learner")
        self._notify_assigned([made])
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
        from .services import notification_events

        notification_events.change_requested(self.block_ref, self.display_name, change)
        answer = {"request_id": change.pk, "status": change.status}
        return self._with_state(viewer, course_key, settings, answer, data)

    # --- staff handlers ----------------------------------------------------------------

    @api_handler(methods=("GET",))
    def programme(self, data, suffix=""):
        """Staff: programme counts and one page of mentors (with loads), learners or change requests."""
        from .services import programme

        course_key, settings = self._programme()
        answer = programme.programme_page(
            course_key, viewer_for(self), data.get("list", "mentors"), data.get("page", 1), settings=settings
        )
        self._record_block()
        return answer

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
            raise BadRequest(N_("{username} is not a user with course staff access; only course staff can be mentors.",
                                username=username))
        profile, created = programme.save_mentor(course_key, viewer, mentor_id, username, data)
        self.runtime.publish(self, EVENT_PROFILE_SAVED, {
            "mentor_profile_id": profile.pk, "created": created, "capacity": profile.capacity, "active": profile.active,
        })
        self._record_block()
        return {
            "created": created,
            "mentor": {**programme.mentor_json(profile), "username": profile.username, "active": profile.active},
        }

    @api_handler(methods=("POST",))
    def assign(self, data, suffix=""):
        """Staff: {"username" | "learner_id", "mentor_id", "replace"?: <assignment_id>, "reason"?}."""
        from .services import programme

        course_key, settings = self._programme()
        made, old = programme.assign(course_key, viewer_for(self), settings, data)
        self._published_end(old, "reassigned by staff")
        self._published_assignments([made])
        self._notify_ended(old, "")
        self._notify_assigned([made])
        self._record_block()
        return {"assignment": programme.assignment_json(made), "learner_id": made.learner_id,
                "replaced": old.pk if old else None}

    @api_handler(methods=("POST",))
    def end_assignment(self, data, suffix=""):
        """Staff: {"assignment_id": 7, "reason": "…"}. The row stays as history."""
        from .services import programme

        course_key, _settings = self._programme()
        ended = programme.end_assignment(course_key, viewer_for(self), data.get("assignment_id"), data.get("reason", ""))
        self._published_end(ended, "ended by staff")
        self._notify_ended(ended, ended.end_reason)
        self._record_block()
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
        from .services import notification_events

        # The learner hears the outcome once (with the note and who their mentor is now);
        # the old and the new mentor hear about their own pairing.
        self._notify_ended(result["ended"], "", learner=False)
        self._notify_assigned(result["assigned"], learner=False)
        assigned = result["assigned"]
        notification_events.change_resolved(
            self.block_ref, self.display_name, result["change"],
            ", ".join(a.mentor.display_name for a in assigned), result["no_places"],
        )
        self._record_block()
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
        from .services import programme

        course_key, settings = self._programme()
        preview = data.get("preview", True)
        if not isinstance(preview, bool):
            raise BadRequest("The request must say whether to preview the matching (yes or no).")
        report = programme.auto_assign(course_key, viewer_for(self), preview, settings=settings)
        if not preview:
            self.runtime.publish(self, EVENT_BULK, {
                "placed": report.placed, "lost": len(report.lost), "unplaced": report.unplaced_count,
            })
            self._notify_assigned_later([row["assignment_id"] for row in report.assignments if "assignment_id" in row])
        self._record_block()
        return report.as_dict()
