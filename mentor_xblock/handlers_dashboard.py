"""Handlers for the mentor and programme dashboards and CSV reports. Learners get 403 from all of them."""
from __future__ import annotations

from webob import Response

from .api import MAX_AUTHORING_BYTES, Conflict, NotFound, api_handler, require
from .core.messages import N_, number
from .rendering import per_language


class DashboardHandlersMixin:
    """Mixed into MentorXBlock."""

    def dashboard_part(self, viewer, template_context: dict, init_args: dict, scripts: list, styles: list) -> None:
        """Mentors get their dashboard above the learner content (the dashboards bundle after the learner's)."""
        from .services import roles

        if not viewer.is_staff:
            return
        role = self.course_role(viewer)
        if role in (roles.MENTOR, roles.STAFF):
            template_context["preview_role"] = role
        if role == roles.MENTOR:
            template_context["dashboard_template"] = "mentor_dashboard.html"
            init_args["dashboard"] = {"role": role, "i18n": self.dashboard_catalogue()}
            scripts.append("dashboards.js")
        elif role == roles.STAFF and self.authored.mentoring is not None:
            # A block without <mentoring> has no programme to run: its dashboard could only say so.
            from .services.notifications import mode_of

            template_context["dashboard_template"] = "programme_dashboard.html"
            template_context["mail_mode"] = mode_of(self.block_ref.course_key, viewer.anonymous_id)
            init_args["dashboard"] = {"role": role, "i18n": self.programme_catalogue()}
            scripts.append("dashboards.js")
        styles.append("dashboards.css")

    @per_language
    def dashboard_catalogue(self) -> dict:
        _ = self._
        return {
            "turnaround": _("Your median time to first feedback: {time}"),
            "no_turnaround": _("no feedback given yet"),
            "queue_count": self.plural("{total} response needs your feedback.", "{total} responses need your feedback."),
            "queue_count_more": _("More than {total} responses need your feedback."),
            "queue_empty": _("Nothing is waiting for your feedback."),
            "reply_to": _("Reply to {learner}"),
            "send_reply": _("Send reply"),
            "mark_reviewed": _("Mark reviewed"),
            "needs_revision": _("Ask for a revision"),
            "replied": _("Reply sent."),
            "reviewed": _("Marked reviewed."),
            "revision_asked": _("Revision requested; the learner will see your comment."),
            "no_mentees": _("You have no mentees in this course yet."),
            "no_match": _("No mentee matches that search."),
            "mentee_count": self.plural("{total} mentee", "{total} mentees"),
            "col_learner": _("Learner"),
            "col_segments": _("Segments watched"),
            "col_prompts": _("Prompts answered"),
            "col_waiting": _("Awaiting feedback"),
            "col_activity": _("Last activity"),
            "never": _("No activity yet"),
            "page_of": _("Page {page} of {pages}"),
            "previous": _("Previous page"),
            "next": _("Next page"),
            "error": _("Something went wrong. Please try again."),
            **self.moderation_catalogue(),
        }

    @per_language
    def moderation_catalogue(self) -> dict:
        _ = self._
        return {
            "no_reports": _("No reported posts are waiting."),
            "kind_reply": _("reply"),
            "kind_response": _("response"),
            "report_count": _("reports: {count}"),
            "reports_label": _("Reports and their reasons"),
            "no_reason": _("(no reason given)"),
            "hidden_mark": _("hidden from learners"),
            "hide_reason_label": _("Reason shown to the author if you hide it"),
            "hide_item": _("Hide"),
            "unhide_item": _("Show again"),
            "dismiss_reports": _("Dismiss the reports"),
            "hidden_done": _("Hidden; the author was told why."),
            "unhidden_done": _("Shown to learners again."),
            "dismissed_done": _("Reports dismissed; the post stays."),
            "mail_saved": _("Your email choice is saved."),
        }

    @per_language
    def programme_catalogue(self) -> dict:
        _ = self._
        return {
            "learners": _("Learners in the programme"),
            "with_mentor": _("Learners with a mentor"),
            "mentors": _("Active mentors"),
            "places": _("Places taken / capacity"),
            "awaiting": _("Responses awaiting feedback"),
            # Translators: a count that stopped at a limit, e.g. "more than 1,000".
            "more_than": _("more than {count}"),
            "turnaround": _("Median time to first feedback"),
            "none_yet": _("no feedback yet"),
            "segment_completion": _("Segment completion in this block"),
            "completion_value": self.plural("{watched} of {learners} learner", "{watched} of {learners} learners"),
            "queue_caption": _("Oldest response waiting for feedback, per mentor"),
            "queue_value": self.plural("{count} waiting, oldest {time}", "{count} waiting, oldest {time}"),
            "queue_none": _("nothing waiting"),
            "turnaround_caption": _("Median time to first feedback, per mentor"),
            "only_unassigned": _("Only learners still waiting for a mentor"),
            "segment": _("Segment"),
            "watched_by": _("Learners who watched it"),
            "no_mentors": _("No mentors in the pool yet. Add one below."),
            "pool_caption": self.plural("{total} mentor", "{total} mentors"),
            "mentor": _("Mentor"),
            "tags": _("Expertise"),
            "load": _("Learners / capacity"),
            "full": _("full"),
            "status": _("Status"),
            "active": _("Taking learners"),
            "inactive": _("Not taking learners"),
            "actions": _("Actions"),
            "edit_mentor": _("Edit {name}"),
            "mentor_added": _("{name} was added to the pool."),
            "mentor_saved": _("{name} was saved."),
            "no_requests": _("No change requests are waiting."),
            "approve": _("Approve"),
            "decline": _("Decline"),
            "approved": _("Request approved."),
            "declined": _("Request declined."),
            "note_label": _("Note to the learner (optional; they see it in the course and by email)"),
            "new_mentor_label": _("New mentor"),
            "no_new_mentor": _("No new mentor now"),
            # Translators: a mentor in a list, with how many more mentees they can take.
            "mentor_free": self.plural("{name} ({free} place free)", "{name} ({free} places free)"),
            "no_free_places": _("No other mentor has a free place: approving ends the current pairing and leaves the learner without a mentor until a place frees up. They will be told so."),
            "approved_unassigned": _("Request approved; the learner has no mentor until a place frees up, and was told so."),
            "end_with": _("End pairing with {mentor}"),
            "ended_reason": _("ended by staff"),
            "ended": _("{learner} and {mentor} are no longer paired."),
            "reassign": _("Reassign"),
            "reassign_label": _("New mentor for {learner} instead of {mentor}"),
            "mail_summary": _("Mail waiting: {waiting}; failed: {failed}. Failed mail is retried by the mentor_send_digests command."),
            "mail_problems": _("Mail that could not be sent yet"),
            "mail_kind": _("About"),
            "mail_state": _("State (attempts)"),
            "mail_error": _("Last error"),
            "no_learners": _("No learners have visited the programme yet."),
            "learners_caption": self.plural("{total} learner", "{total} learners"),
            "learner": _("Learner"),
            "interests": _("Interests"),
            "mentors_col": _("Mentors"),
            "unassigned": _("No mentor yet"),
            "assign": _("Assign"),
            "assign_label": _("Mentor for {learner}"),
            "assigned": _("{learner} was assigned."),
            # Translators: each {slot} is a counted phrase translated on its own ("5 assignments",
            # "7 learners", "12 shared interests"), so every count takes its own plural form.
            "proposal": _("Proposal: {assignments} for {learners} waiting, {overlap} in all; {left} left over."),
            "applied": _("Applied: {assignments} made; {left} left over."),
            "n_assignments": self.plural("{total} assignment", "{total} assignments"),
            "n_shared": self.plural("{total} shared interest", "{total} shared interests"),
            "pairs": _("Proposed assignments"),
            "made_pairs": _("Assignments made"),
            "confirm_apply": self.plural("Make this {placed} assignment now? Learners and mentors are told.",
                                         "Make these {placed} assignments now? Learners and mentors are told."),
            "confirm_end": _("End the pairing of {learner} with {mentor}? The history is kept."),
            "left_over": _("Learners left over"),
            "reason": _("Why"),
            "choose_file": _("Choose a CSV file first."),
            "imported": self.plural("{count} assignment imported.", "{count} assignments imported."),
            "export_starting": _("Preparing “{report}”…"),
            "export_progress": _("Preparing “{report}”: {rows} of {total} rows written."),
            "export_ready": _("Your report is ready ({rows} rows)."),
            "export_download": _("Download “{report}”"),
            "line_error": _("Line {line}: {message}"),
            "page_of": _("Page {page} of {pages}"),
            "previous": _("Previous page"),
            "next": _("Next page"),
            "error": _("Something went wrong. Please try again."),
            **self.moderation_catalogue(),
        }

    @api_handler(max_bytes=MAX_AUTHORING_BYTES)  # a CSV of up to 2 MB, inside JSON
    def import_assignments(self, data, suffix=""):
        """{"csv": "learner,mentor\nann,mentor_ada\n"}: all rows or none; problems listed by line."""
        from .services.reports import import_assignments

        made = import_assignments(self.block_ref, self.actor(), data.get("csv"))
        self.runtime.publish(self, "edx.mentorship.assignments.imported", {"count": len(made)})
        self._notify_assigned_later([assignment.pk for assignment in made])
        return {"assigned": len(made)}

    @api_handler(methods=("GET",))
    def mentor_dashboard(self, data, suffix=""):
        """GET ?page=1&search=ann&queue_page=1: my mentees, the feedback queue, my median turnaround."""
        from .services.dashboard import mentor_view
        from .services.paging import page_number

        return mentor_view(
            self.block_ref,
            self.actor(),
            self.authored,
            page=page_number(data.get("page", 1)),
            search=data.get("search", ""),
            queue_page=page_number(data.get("queue_page", 1), "queue_page"),
        )

    @api_handler()
    def review_response(self, data, suffix=""):
        """{"response_id": 12, "status": "reviewed" | "needs_revision", "comment": "…"}."""
        from .services.prompts import review_response

        response = review_response(
            self.block_ref, self.actor(), data.get("response_id"), require(data, "status", max_length=20),
            data.get("comment", ""),
        )
        if self.authored.grading == "mentor_assessed":  # the review sets the learner's score, on the server
            from .services.grading import score_learner

            score_learner(self.block_ref, response.learner_id, self.authored, self.deadline, self.actor().anonymous_id)
        self.runtime.publish(
            self, "edx.mentorship.response.reviewed", {"response_id": response.pk, "status": response.review_status}
        )
        from .services import notification_events

        notification_events.reviewed(self.block_ref, self.display_name, response, self.actor().name)
        return {"response_id": response.pk, "review_status": response.review_status, "review_comment": response.review_comment}

    @api_handler(methods=("GET",))
    def reported_items(self, data, suffix=""):
        """GET ?page=1: reported items with their open reports and reasons, oldest report first; a mentor's
        are their mentees' threads, staff see the whole course (also as programme?list=flags)."""
        from .services.moderation import reported_items
        from .services.paging import page_number

        return reported_items(self.block_ref.course_key, self.actor(), page_number(data.get("page", 1)))

    @api_handler()
    def moderate(self, data, suffix=""):
        """{"kind": "response"|"reply", "id": 7, "action": "hide"|"unhide"|"dismiss", "reason"?: "…"}:
        course-wide for staff, their mentees' threads for mentors. A hidden item's author is told why."""
        from .services import notification_events
        from .services.moderation import moderate

        action = require(data, "action", max_length=10)
        item, newly_hidden = moderate(
            self.block_ref.course_key, self.actor(), data.get("kind"), data.get("id"), action, data.get("reason", "")
        )
        self.runtime.publish(self, "edx.mentorship.item.moderated", {"kind": data["kind"], "id": item.pk, "action": action})
        if newly_hidden:
            notification_events.hidden(self.block_ref, self.display_name, data["kind"], item)
        return {"kind": data["kind"], "id": item.pk, "hidden": item.hidden, "hidden_reason": item.hidden_reason,
                "flag_count": 0 if action != "unhide" else item.flag_count}

    @api_handler(methods=("GET",))
    def programme_figures(self, data, suffix=""):
        """GET ?page=1: course-wide programme figures, this block's segment completion and
        the median turnaround of one page of mentors (staff)."""
        from .services.dashboard import programme_figures
        from .services.paging import page_number

        return programme_figures(self.block_ref, self.actor(), self.authored, page_number(data.get("page", 1)))

    def _report_params(self, report: str) -> dict:
        from .services.reports import report_params

        return report_params(report, self.authored, self.deadline.close)

    def _url(self, handler: str, suffix: str = "") -> str:
        return self.runtime.handler_url(self, handler, suffix).rstrip("?&")

    def _job_json(self, job) -> dict:
        from .services.export_jobs import job_json

        answer = job_json(job)
        if job.status == job.DONE:
            answer["download_url"] = self._url("export_download", f"{job.pk}.csv")
        return answer

    @api_handler(methods=("GET",))
    def export(self, data, suffix=""):
        """GET export/<assignments|responses|progress>.csv: the CSV streamed at once, for programme
        staff; 409 when the report is larger than the task threshold (use export_job)."""
        from .services import export_jobs, reports

        name = export_jobs.report_name(suffix[:-4] if suffix.endswith(".csv") else suffix)
        actor = self.actor()
        reports.require_staff(actor)
        size = reports.report_size(self.block_ref, name)
        if size > export_jobs.task_threshold():
            raise Conflict(N_("This report has {rows} rows; start it as an export job and download it when it is ready.",
                              rows=number(size)))
        # Rows are produced as the body is sent, in chunks.
        response = Response(content_type="text/csv", charset="utf-8")
        response.app_iter = reports.export(self.block_ref, actor, name, self._report_params(name))
        response.content_disposition = f'attachment; filename="mentorship-{name}-{self.dom_id}.csv"'
        return response

    @api_handler()
    def export_job(self, data, suffix=""):
        """{"report": "progress"}: {"status": "ready", "download_url"} for a small report, or a
        background job for a large one, 202 {"job_id", "status": "pending", "rows", "total", …}."""
        from .api import json_response
        from .services import export_jobs

        name = require(data, "report", max_length=20)
        job = export_jobs.start(self.block_ref, self.actor(), export_jobs.report_name(name), self._report_params(name))
        if job is None:
            return {"status": "ready", "download_url": self._url("export", f"{name}.csv")}
        self.runtime.publish(self, "edx.mentorship.export.started", {"report": name, "job_id": job.pk, "total": job.total})
        return json_response(self._job_json(job), status=202)

    @api_handler(methods=("GET",))
    def export_status(self, data, suffix=""):
        """GET ?job_id=12: {"job_id", "report", "status", "rows", "total", "download_url" when done}."""
        from .services import export_jobs

        return self._job_json(export_jobs.status(self.block_ref, self.actor(), data.get("job_id")))

    @api_handler(methods=("GET",))
    def export_download(self, data, suffix=""):
        """GET export_download/<job_id>.csv: the finished export's file, streamed to programme staff."""
        from .services import export_jobs

        job, handle = export_jobs.open_file(self.block_ref, self.actor(), suffix[:-4] if suffix.endswith(".csv") else suffix)

        def chunks():
            try:
                yield from iter(lambda: handle.read(64 * 1024), b"")
            finally:
                handle.close()

        response = Response(content_type="text/csv", charset="utf-8")
        response.app_iter = chunks()
        response.content_disposition = f'attachment; filename="mentorship-{job.report}-{self.dom_id}.csv"'
        return response
