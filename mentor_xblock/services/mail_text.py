"""The words of a mentoring mail, in the recipient's language.

Mail leaves the request, so no runtime i18n service is there: the words are translated here
with the block's own catalogue for the recipient's language (i18n.mail_translation, the
catalogue the LMS's XBlockI18nService reads), and the edx-ace templates only lay them out.
Every name that reaches a header (the subject, the sender's name) is one line.
"""
from __future__ import annotations

from ..core.text import one_line


def item_text(item: dict, translation) -> dict:
    """What one item says: its title line, its detail lines and the link's label."""
    _, ngettext = translation.gettext, translation.ngettext
    kind = item.get("kind")
    names = {key: one_line(item.get(key, "")) for key in ("learner", "author", "mentor", "new_mentor")}
    if kind == "response":
        title = (_("{learner} revised a reflection") if item.get("revised") else _("{learner} submitted a reflection"))
    elif kind == "reply":
        title = _("{author} replied to your reflection")
    elif kind == "review":
        title = (_("{author} asked you to revise your reflection") if item.get("status") == "needs_revision"
                 else _("{author} reviewed your reflection"))
    elif kind == "assigned":
        title = _("{learner} is now your mentee") if item.get("for_mentor") else _("{mentor} is now your mentor")
    elif kind == "ended":
        title = (_("{learner} is no longer your mentee") if item.get("for_mentor")
                 else _("{mentor} is no longer your mentor"))
    elif kind == "change_request":
        title = _("{learner} asked for a different mentor")
    elif kind == "change_resolved":
        title = (_("Your request for a different mentor was approved") if item.get("approved")
                 else _("Your request for a different mentor was declined"))
    elif kind == "report":
        title = _("A post by {author} was reported")
    elif kind == "hidden":
        title = _("Your post was hidden by the course team")
    elif kind == "place_free":
        title = _("A mentor has a free place")
    elif kind == "checkin":
        title = (_("How is your mentoring of {learner} going?") if item.get("for_mentor")
                 else _("How useful is your mentoring with {mentor}?"))
    elif kind == "overdue":
        title = _("{learner}'s reflection is waiting for your feedback")
    elif kind == "nudge":
        title = _("{mentor} is looking forward to your first reflection")
    elif kind == "mentor_request":
        title = _("{learner} asked you to be their mentor")
    elif kind == "request_answered":
        title = {"accepted": _("{mentor} accepted your request and is now your mentor"),
                 "declined": _("{mentor} declined your request"),
                 "expired": _("Your request to {mentor} expired")}.get(item.get("status"), _("Mentoring update"))
    else:
        title = _("Mentoring update")
    details = []
    if item.get("prompt"):
        details.append(_("Prompt: {prompt}").format(prompt=item["prompt"]))
    if item.get("excerpt"):
        details.append(f"“{item['excerpt']}”")
    if item.get("reason"):
        details.append(_("Reason: {reason}").format(reason=item["reason"]))
    if item.get("note"):
        details.append(_("Note from the programme team: {note}").format(note=item["note"]))
    if kind == "overdue":
        details.append(ngettext("The course asks mentors to answer within {hours} hour.",
                                "The course asks mentors to answer within {hours} hours.",
                                item.get("hours") or 0).format(hours=item.get("hours")))
    if kind == "checkin":
        details.append(_("Two quick questions in the course: how useful it is (1 to 5), and a note for the programme "
                         "team if you like. The other side never reads your answer."))
    if kind == "ended":
        details.append(_("What do you take away? A short closing reflection waits for you in the course (optional)."))
    if kind == "nudge":
        details.append(_("Answer a reflection prompt in the course; your mentor reads it and replies."))
    details += request_details(item, names, _)
    if kind == "change_resolved" and item.get("approved"):
        if names["new_mentor"]:
            details.append(_("Your new mentor is {mentor}.").format(mentor=names["new_mentor"]))
        elif item.get("no_places"):
            details.append(_("No mentor has a free place right now; you will get one as soon as a place frees up."))
        else:
            details.append(_("The programme team will assign your next mentor."))
    return {"title": one_line(title.format(**names)), "details": details, "open": _("Open it in the course"),
            "link": item.get("link", "")}


def request_details(item: dict, names: dict, _) -> list[str]:
    """The lines of a mentor request's mail (services/notification_requests.py)."""
    if item.get("kind") == "mentor_request":
        return [_("Accept or decline the request in the course by {date}.").format(date=item.get("expires", ""))]
    if item.get("kind") != "request_answered" or item.get("status") == "accepted":
        return []
    lines = [_("Note from {mentor}: {note}").format(mentor=names["mentor"], note=item["mentor_note"])] \
        if item.get("mentor_note") else []
    if names["new_mentor"]:
        lines.append(_("Your request was passed on to {mentor}, your next choice.").format(mentor=names["new_mentor"]))
    else:
        lines.append(_("Choose another mentor in the course."))
    return lines


def message_text(items: list[dict], digest: bool, course_name: str, platform_name: str, translation,
                 rtl: bool = False) -> dict:
    """The subject, heading, footer and sender's name of one mail (its items' titles first)."""
    _, ngettext = translation.gettext, translation.ngettext
    course_name, count = one_line(course_name), len(items)
    if count == 1:
        subject = items[0]["title"]
    elif digest:
        subject = ngettext("Your mentoring digest: {count} update", "Your mentoring digest: {count} updates",
                           count).format(count=count)
    else:
        subject = ngettext("{count} mentoring update", "{count} mentoring updates", count).format(count=count)
    return {
        "subject": one_line(subject),
        "heading": _("Mentoring in {course}").format(course=course_name) if course_name else _("Mentoring"),
        "why": _("You get this email because you take part in the course's mentor programme. Choose immediate "
                 "mail, a daily digest or none in the course's mentoring section."),
        "unsubscribe": _("Unsubscribe from mentoring email for this course"),
        "from_name": one_line(_("{platform} mentoring").format(platform=one_line(platform_name))),
        "rtl": rtl,
    }
