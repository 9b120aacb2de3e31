"""The reflections part of the learner view: each prompt with the viewer's own state."""
from __future__ import annotations

from ..rendering import per_language
from ..services import responses, roles
from ..services.context import Actor
from ..services.posting import MAX_REPLY_CHARS, MAX_RESPONSE_CHARS


def prompts_part(block, items: list, init_args: dict) -> None:
    """Add each prompt item's own state (draft, submission, feedback) and the part's JS args
    (its code and styles are in the learner bundle, tools/build_static.py)."""
    prompt_items = [item for item in items if item["kind"] == "prompt"]
    if not prompt_items:
        return
    who = block.who()
    actor = Actor(who.anonymous_id, who.name, roles.LEARNER)  # their own responses, as their author
    own = responses.own_responses(block.block_ref, actor.anonymous_id) if actor.is_authenticated else {}
    for item in prompt_items:
        item["state"] = responses.own_response_json(own.get(item["id"]), actor)
    init_args["prompts"] = {
        "items": [
            {"id": item["id"], "min_words": item["min_words"], "visibility": item["visibility"], **item["state"]}
            for item in prompt_items
        ],
        "max_chars": MAX_RESPONSE_CHARS,
        "max_reply_chars": MAX_REPLY_CHARS,
        "signed_in": actor.is_authenticated,
        "i18n": prompts_catalogue(block),
    }


@per_language
def prompts_catalogue(block) -> dict:
    _ = block._
    return {
        "yours": _("Your response"),
        "words": block.plural("{count} word", "{count} words"),
        # Translators: a word counter; the plural follows {min}, the minimum the author set.
        "words_min": block.plural("{count} of at least {min} word", "{count} of at least {min} words"),
        "draft_saved": _("Draft saved."),
        "draft_failed": _("Your draft could not be saved; it is still here. We will try again."),
        "draft_conflict": _("This draft was changed on another device or tab. Your text is still in the box "
                            "above; the newer text is below. Which do you want to keep?"),
        "newer_draft": _("The newer text, saved {when}"),
        "keep_mine": _("Keep my text"),
        "take_newer": _("Use the newer text"),
        "took_newer": _("The newer text is now in the box; your text was not saved."),
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
        "peers_count": block.plural("{total} response from another learner", "{total} responses from other learners"),
        "page_of": _("Page {page} of {pages}"),
        "previous": _("Previous page"),
        "next": _("Next page"),
        "reply": _("Reply"),
        "edit_response": _("Edit response"),
        "new_mark": _("New"),
        "replies": block.plural("{count} reply", "{count} replies"),
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
        **history_catalogue(block),
        "error": _("Something went wrong. Please try again."),
    }


@per_language
def history_catalogue(block) -> dict:
    """The conversation's words (static/js/history.js), shared by the learner view and the dashboards."""
    _ = block._
    return {
        # Translators: a moment of a video clip, e.g. "at 2:13 in Start with why".
        "at_moment": _("at {time} in {title}"),
        "earlier_rounds": block.plural("{count} earlier round", "{count} earlier rounds"),
        "round_n": _("Round {number}"),
        "asked_revision": _("{who} asked for a revision"),
        "marked_reviewed": _("{who} marked it reviewed"),
        "former_mentor": _("A former mentor"),
        "review_changed": _("changed review"),
        # Translators: a criterion's level in a review, e.g. "Partly (2 of 3)".
        "level_of": _("{level} ({index} of {of})"),
        "moment_legend": _("The moment of the clip this is about (optional)"),
        "moment_clip": _("Clip"),
        "moment_time": _("Time in the video (m:ss)"),
        # Translators: a button that attaches the moment the clip is playing at, e.g. "at 2:13".
        "take_moment": _("at {time}"),
        "remove_moment": _("Remove the moment"),
        "bad_moment": _("Write the time as minutes and seconds, for example 2:13."),
    }
