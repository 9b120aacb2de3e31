"""The dashboards above the learner content: a mentor's (queue, mentees) and the programme staff's
(figures, pool, assignments, reports). Their data comes from their GET handlers; this builds the part."""
from __future__ import annotations

from ..rendering import per_language
from ..services import roles
from ..services.notifications import mode_of
from .prompts import history_catalogue


def dashboard_part(block, template_context: dict, init_args: dict, scripts: list, styles: list) -> None:
    """Mentors and programme staff get their dashboard above the learner content (the dashboards
    bundle after the learner's); they see the learner content as a labelled preview."""
    actor = block.who()
    if actor.role not in (roles.MENTOR, roles.STAFF):
        return
    template_context["preview_role"] = actor.role
    if actor.role == roles.MENTOR:
        template_context["dashboard_template"] = "mentor_dashboard.html"
        init_args["dashboard"] = {"role": actor.role, "i18n": dashboard_catalogue(block)}
        scripts.append("dashboards.js")
    elif block.authored.mentoring is not None:
        # A block without <mentoring> has no programme to run: its dashboard could only say so.
        template_context["dashboard_template"] = "programme_dashboard.html"
        template_context["mail_mode"] = mode_of(block.block_ref.course_key, actor.anonymous_id)
        init_args["dashboard"] = {"role": actor.role, "i18n": programme_catalogue(block)}
        scripts.append("dashboards.js")
    styles.append("dashboards.css")


def why_labels(_) -> dict:
    """Why a pairing was made (core/why.py), as mentors and staff read it in their tables."""
    return {
        "col_why": _("Why paired"),
        "rank": _("Ranked by the learner: choice {rank}"),
        "shared_interests": _("Shared interests"),
        "shared_tags": _("Shared interests: {tags}"),
        "learner_choice": _("Chosen by the learner"),
        "staff": _("Programme team's decision"),
        "change": _("After a request for a different mentor"),
        "csv": _("CSV import"),
        "load": _("The mentor with the most room"),
    }


@per_language
def dashboard_catalogue(block) -> dict:
    _ = block._
    return {
        "why": why_labels(_),
        "turnaround": _("Your median time to first feedback: {time}"),
        "no_turnaround": _("no feedback given yet"),
        "queue_count": block.plural("{total} response needs your feedback.", "{total} responses need your feedback."),
        "queue_count_more": _("More than {total} responses need your feedback."),
        "queue_overdue": block.plural("{count} of them is overdue: feedback is due within {hours} hours.",
                                      "{count} of them are overdue: feedback is due within {hours} hours."),
        "overdue": _("Overdue"),
        "queue_empty": _("Nothing is waiting for your feedback."),
        "reply_to": _("Reply to {learner}"),
        "send_reply": _("Send reply"),
        "mark_reviewed": _("Mark reviewed"),
        "needs_revision": _("Ask for a revision"),
        "replied": _("Reply sent."),
        "reviewed": _("Marked reviewed."),
        "revision_asked": _("Revision requested; the learner will see your comment."),
        # Translators: a mark on a queue item the learner revised, e.g. "revised · round 2".
        "revised": _("revised · round {number}"),
        "changes": _("What changed since the previous round"),
        **history_catalogue(block),
        "conversation_with": _("Conversation with {learner}"),
        "owed_count": block.plural("{count} response still needs feedback.", "{count} responses still need feedback."),
        "owed_none": _("No feedback owed."),
        "owed_mark": _("needs feedback"),
        "other_unit": _("A reflection in another unit of the course"),
        "review_again": _("Review again"),
        "review_comment": _("Comment for the learner"),
        "criteria_intro": _("Pick a level for each criterion, and say why in your comment."),
        "pick_levels": _("Pick a level for each criterion before marking the response reviewed."),
        "score_with_levels": block.plural("With these levels: {value} of {max} point.",
                                          "With these levels: {value} of {max} points."),
        "revision_needs_comment": _("Say what the learner should revise: a revision request needs a comment."),
        # Translators: what a review does to the learner's score in points, e.g. "Score now: 1 of 2 points.
        # Mark reviewed: 2 of 2. Ask for a revision: 1 of 2." The count is the points possible ({max}).
        "score_preview": block.plural(
            "Score now: {now} of {max} point. Mark reviewed: {reviewed} of {max}. Ask for a revision: {revision} of {max}.",
            "Score now: {now} of {max} points. Mark reviewed: {reviewed} of {max}. Ask for a revision: {revision} of {max}."),
        "score_late": block.plural(
            "Score now: {now} of {max} point. Sent after the close date: marking it reviewed adds nothing; "
            "asking for a revision: {revision} of {max}.",
            "Score now: {now} of {max} points. Sent after the close date: marking it reviewed adds nothing; "
            "asking for a revision: {revision} of {max}."),
        "no_mentees": _("You have no mentees in this course yet."),
        "no_match": _("No mentee matches that search."),
        "mentee_count": block.plural("{total} mentee", "{total} mentees"),
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
        **moderation_catalogue(block),
    }

@per_language
def moderation_catalogue(block) -> dict:
    _ = block._
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
def programme_catalogue(block) -> dict:
    _ = block._
    return {
        "why": why_labels(_),
        "learners": _("Learners in the programme"),
        "with_mentor": _("Learners with a mentor"),
        "mentors": _("Active mentors"),
        "places": _("Places taken / capacity"),
        "awaiting": _("Responses awaiting feedback"),
        "overdue": _("Overdue (waiting over {hours} h)"),
        "mentor_overdue": block.plural("{count} overdue", "{count} overdue"),
        # Translators: a count that stopped at a limit, e.g. "more than 1,000".
        "more_than": _("more than {count}"),
        "turnaround": _("Median time to first feedback"),
        "none_yet": _("no feedback yet"),
        "segment_completion": _("Segment completion in this block"),
        "completion_value": block.plural("{watched} of {learners} learner", "{watched} of {learners} learners"),
        "queue_caption": _("Oldest response waiting for feedback, per mentor"),
        "queue_value": block.plural("{count} waiting, oldest {time}", "{count} waiting, oldest {time}"),
        "queue_none": _("nothing waiting"),
        "turnaround_caption": _("Median time to first feedback, per mentor"),
        "only_unassigned": _("Only learners still waiting for a mentor"),
        "segment": _("Segment"),
        "watched_by": _("Learners who watched it"),
        "no_mentors": _("No mentors in the pool yet. Add one below."),
        "pool_caption": block.plural("{total} mentor", "{total} mentors"),
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
        "mentor_free": block.plural("{name} ({free} place free)", "{name} ({free} places free)"),
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
        "learners_caption": block.plural("{total} learner", "{total} learners"),
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
        "n_assignments": block.plural("{total} assignment", "{total} assignments"),
        "n_shared": block.plural("{total} shared interest", "{total} shared interests"),
        "pairs": _("Proposed assignments"),
        "made_pairs": _("Assignments made"),
        "confirm_apply": block.plural("Make this {placed} assignment now? Learners and mentors are told.",
                                     "Make these {placed} assignments now? Learners and mentors are told."),
        "confirm_end": _("End the pairing of {learner} with {mentor}? The history is kept."),
        "left_over": _("Learners left over"),
        "reason": _("Why"),
        "choose_file": _("Choose a CSV file first."),
        "imported": block.plural("{count} assignment imported.", "{count} assignments imported."),
        "export_starting": _("Preparing “{report}”…"),
        "export_progress": _("Preparing “{report}”: {rows} of {total} rows written."),
        "export_ready": _("Your report is ready ({rows} rows)."),
        "export_download": _("Download “{report}”"),
        "line_error": _("Line {line}: {message}"),
        "page_of": _("Page {page} of {pages}"),
        "previous": _("Previous page"),
        "next": _("Next page"),
        "error": _("Something went wrong. Please try again."),
        "checkins_answered": _("Check-ins answered"),
        "checkins_median": _("Median check-in rating (1–5)"),
        "checkins_low": _("Check-ins rated 2 or lower"),
        "none_yet_rated": _("no ratings yet"),
        "checkins_off": _("Check-ins are off in this course."),
        "no_flagged": _("No pairing needs a look: no low ratings and no missed check-ins."),
        "flagged_caption": block.plural("{total} pairing needs a look", "{total} pairings need a look"),
        "pairing": _("Pairing"),
        # Translators: a learner-mentor pairing, e.g. "learner_ann with Ada Okafor".
        "pair": _("{learner} with {mentor}"),
        "why_flagged": _("Why"),
        "flag_low": _("rated 2 or lower"),
        "flag_missed": _("missed check-ins"),
        "learner_side": _("Learner's latest answer"),
        "mentor_side": _("Mentor's latest answer"),
        "rating_of": _("rated {rating} of 5"),
        "no_rating": _("not rated yet"),
        "missed": block.plural("{count} check-in missed", "{count} check-ins missed"),
        **moderation_catalogue(block),
    }
