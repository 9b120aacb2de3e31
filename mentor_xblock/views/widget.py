"""The learner view's mentor part: who my mentor is, choose or change one, check-ins and closing
reflections (for mentors too), mail choice. Reads only."""
from __future__ import annotations

from ..rendering import per_language, render_template
from ..services import programme, roles
from ..services.notifications import mode_of


def mentor_widget(block):
    """The widget's template context and JS args, or None (no programme, not signed in, programme staff)."""
    actor = block.who()
    if block.authored.mentoring is None or not actor.is_authenticated:
        return None
    ref, settings = block.programme_settings()
    if actor.role == roles.STAFF:
        return None  # programme staff have the programme dashboard (views/dashboards.py)
    context = {"role": actor.role, "dom_id": block.dom_id, "mail_mode": mode_of(ref.course_key, actor.anonymous_id)}
    if actor.role == roles.LEARNER:
        context["state"] = programme.learner_state(ref, actor, settings)
    else:
        context["mentor"] = programme.mentor_summary(ref, actor)
        context["requests"] = programme.mentor_inbox(ref, actor) if context["mentor"] else []
    context["asked"] = programme.asked(ref, actor, settings)  # check-ins and closing reflections, either side
    return {"context": context, "args": {"role": actor.role, "i18n": mentor_catalogue(block)}}


def widget_html(block) -> str:
    """The widget alone, for the block's JS to swap in after a learner's action."""
    widget = mentor_widget(block)
    return render_template(block, "mentor_widget.html", mentor_widget=widget["context"], dom_id=block.dom_id)


@per_language
def mentor_catalogue(block) -> dict:
    _ = block._
    return {
        "working": _("Saving…"),
        "joined": _("You joined the mentor programme."),
        "failed": _("That did not work: {error}"),
        "too_many": _("Choose at most {max} interests."),
        "interests_saved": _("Your interests are saved."),
        "chosen": _("{name} is now your mentor."),
        "switched": _("You switched to {name}."),
        "confirm_switch": _("Switch to {name}? Your mentorship with your current mentor ends."),
        "note_dismissed": _("The note was dismissed."),
        "reason_needed": _("Please say why you would like a different mentor."),
        "mail_saved": _("Your email choice is saved."),
        "error": _("Something went wrong. Please try again."),
        "requested_mentor": _("Your request was sent to {name}."),
        "ranks_twice": _("Choose each mentor only once in your ranking."),
        "withdrawn": _("Your request was withdrawn."),
        "accepted": _("You accepted the request."),
        "declined": _("You declined the request."),
        "checkin_saved": _("Thank you. Your answer goes to the programme team only."),
        "checkin_skipped": _("All right. We will ask again at the next check-in."),
        "rating_needed": _("Choose how useful the mentoring is, from 1 to 5, or select “Not now”."),
        "closing_saved": _("Thank you for your reflection."),
        "closing_skipped": _("All right. We will not ask again."),
    }
