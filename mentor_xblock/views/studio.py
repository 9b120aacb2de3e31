"""Studio's views: the editor (studio_view), the unit page's summary (author_view) and the
validation messages; what the editor's handlers answer is handlers/studio.py."""
from __future__ import annotations

from web_fragments.fragment import Fragment
from xblock.validation import ValidationMessage

from ..core.content import (
    COMPLETION_MODES,
    GRADING_MODES,
    LATE_POLICIES,
    STRATEGIES,
    TRANSCRIPT_FORMATS,
    VISIBILITIES,
    ContentError,
    review,
    to_editor,
    validate_content,
)
from ..core.media import format_timecode
from ..core.scoring import is_exact, points_possible
from ..permissions import can_author
from ..rendering import fragment, per_language, render_template
from ..services.authoring import learners_with_work
from ..services.programme import Settings, effective


def editor_state(block) -> dict:
    """The saved block in editor form, with `work`: {item id: learners whose answers or progress it holds},
    so that removing such an item warns at once (and the save asks to confirm, handlers/studio.py)."""
    content = block.authored
    work = learners_with_work(block.block_ref, [item.id for item in content.prompts],
                              [item.id for item in content.segments])
    return {"display_name": block.display_name, "weight": block.weight, "content": to_editor(content), "work": work}


def studio_view(block, context=None):
    if not can_author(block):
        # Who cannot save gets a clear refusal, not an editor whose every check then answers 403.

        frag = Fragment(render_template(block, "studio_refused.html", block=block, dom_id=block.dom_id))
        frag.add_css_url(block.runtime.local_resource_url(block, "static/dist/studio.css"))
        return frag
    choices = {
        "strategies": [(value, label) for value, label in zip(STRATEGIES, strategy_labels(block))],
        "completion": list(zip(COMPLETION_MODES, (block._("Watching every segment"),
                                                  block._("Answering every prompt"),
                                                  block._("Watching every segment and answering every prompt")))),
        "grading": list(zip(GRADING_MODES, (
            block._("Not graded"), block._("Participation (share of work done)"),
            block._("Mentor-assessed (a mentor's review sets the score)"),
        ))),
        "late": list(zip(LATE_POLICIES, (block._("Closed: no more submissions or progress"),
                                         block._("Accepted and marked late (the grade stays as at the deadline)")))),
        "transcript_credit": [("false", block._("Only watching the clip")),
                              ("true", block._("Watching the clip or reading its transcript"))],
        "visibility": list(zip(VISIBILITIES, (
            block._("The learner's mentors and course staff"),
            block._("Mentors, course staff and other learners who have answered")))),
        "formats": list(zip(TRANSCRIPT_FORMATS, ("WebVTT", "SRT"))),
    }
    return fragment(
        block,
        "studio_view.html",
        {"block": block, "dom_id": block.dom_id, "choices": choices},
        js="studio.js",
        css="studio.css",
        init="MentorStudioView",
        init_args={"state": editor_state(block), "dom_id": block.dom_id, "i18n": studio_catalogue(block),
                   "locale": block.locale_args()},
    )


def strategy_labels(block):
    return (block._("Automatic (matched by interests and capacity)"), block._("Learners choose their mentor"),
            block._("Staff assign mentors"))


def author_view(block, context=None):
    """A compact summary for Studio's unit page; no player, nothing loads from video sites."""
    content = block.authored
    items = []
    for item in content.items:
        if item.kind == "segment":
            items.append({"kind": "segment", "title": item.title, "expert": item.expert,
                          "expert_title": item.expert_title, "provider": item.source.provider,
                          "start": format_timecode(item.start), "end": format_timecode(item.end),
                          "length": format_timecode(item.duration),
                          "transcript": bool(item.transcript or item.transcript_src)})
        else:
            items.append({"kind": "prompt", "text": item.text, "min_words": item.min_words,
                          "visibility": item.visibility})
    strategy = None
    if content.mentoring is not None:
        strategy = dict(zip(STRATEGIES, strategy_labels(block)))[content.mentoring.strategy]

    frag = Fragment(render_template(block, "author_view.html", block=block, dom_id=block.dom_id, items=items,
                                    content=content, strategy=strategy))
    frag.add_css_url(block.runtime.local_resource_url(block, "static/dist/studio.css"))
    return frag


def add_validation(block, validation):
    """Studio's validation messages: problems an author should fix before learners arrive."""
    _ = block._
    try:
        content = validate_content(block.content or {})
    except ContentError as exc:
        validation.add(ValidationMessage(
            ValidationMessage.ERROR, _("The stored content is invalid: {problems}").format(problems=str(exc))))
        return validation
    texts = {
        "no_segments": _("This block has no video segments yet. Edit it to add at least one."),
        "no_transcript": _("Segment “{id}” has no transcript: learners who are deaf or hard of hearing "
                           "cannot follow it. Add a WebVTT or SRT transcript."),
        "peers_without_mentoring": _("Prompt “{id}” is shared with peers, but the block has no mentoring "
                                     "settings. Add mentoring settings or make the prompt visible to the "
                                     "mentor only."),
    }
    for level, code, ident in review(content):
        kind = ValidationMessage.ERROR if level == "error" else ValidationMessage.WARNING
        validation.add(ValidationMessage(kind, texts[code].format(id=ident)))
    points = points_warning(block, content)
    if points:
        validation.add(ValidationMessage(ValidationMessage.WARNING, points))
    conflict = programme_conflict(block)  # this block's mentoring settings vs the course's (strictest)
    if conflict:
        validation.add(ValidationMessage(ValidationMessage.WARNING, conflict))
    return validation


def points_warning(block, content) -> str | None:
    """Mentor-assessed scores are whole points (edx-submissions keeps whole points; core/scoring.py):
    tell the author when a weight makes partial scores round down, or is not whole itself."""
    weight, prompts = block.weight, len(content.prompts)
    if content.grading != "mentor_assessed" or is_exact(weight, prompts):
        return None
    _ = block._
    shown = format(weight, "g")
    if not float(weight).is_integer():
        return _("Mentor-assessed scores are whole points in the gradebook: a weight of {weight} counts as "
                 "{points} once a mentor has reviewed, while the Progress page shows {weight} before that. "
                 "Use a whole weight, ideally a multiple of the number of prompts ({prompts}).").format(
            weight=shown, points=points_possible(weight, prompts), prompts=prompts)
    return _("Mentor-assessed scores are whole points in the gradebook: with a weight of {weight} and {prompts} "
             "prompts, a partly reviewed learner gets the whole points their reviewed share covers, rounded down "
             "(full marks when every prompt is reviewed). For exact shares, use a weight that is a multiple "
             "of {prompts}.").format(weight=shown, prompts=prompts)


def programme_conflict(block) -> str | None:
    """An author warning when this block's mentoring settings differ from the course's
    effective ones (the strictest of its blocks), or None."""

    mentoring = block.authored.mentoring
    if mentoring is None:
        return None
    own = Settings.of(mentoring)
    ref = block.block_ref
    course = effective(ref.course_key, ref.block_key, own).settings
    _ = block._
    labels = {"learner_choice": _("learners choose"), "auto": _("automatic"), "manual": _("staff assign")}
    differences = []
    if course.strategy != own.strategy:
        differences.append(_("assignment: {value}").format(value=labels[course.strategy]))
    if course.mentors_per_learner != own.mentors_per_learner:
        differences.append(_("mentors per learner: {value}").format(value=course.mentors_per_learner))
    if course.allow_change != own.allow_change:
        differences.append(_("changing mentors: not allowed"))
    if course.checkin_days != own.checkin_days:
        differences.append(_("check-ins every {days} days").format(days=course.checkin_days) if course.checkin_days
                           else _("check-ins: off"))
    if set(course.tags) != set(own.tags):
        differences.append(_("interest tags: {value}").format(value=", ".join(course.tags)))
    if course.response_target_hours != own.response_target_hours:
        differences.append(_("feedback due within: {hours} h").format(hours=course.response_target_hours))
    if course.nudge_days != own.nudge_days:
        differences.append(_("nudge after: {days} days").format(days=course.nudge_days))
    if not differences:
        return None
    return _("Other mentorship blocks in this course have stricter or different mentoring settings. "
             "The mentor programme belongs to the course, so learners get the strictest settings of its "
             "blocks here too: {settings}. Make the settings of the course's blocks the same to remove "
             "this warning.").format(settings="; ".join(differences))


@per_language
def studio_catalogue(block) -> dict:
    """Every string the editor's JS shows, translated here."""
    _ = block._
    return {
        "segment": _("Segment"),
        "prompt": _("Prompt"),
        "untitled": _("(untitled)"),
        "moved": _("{kind} “{title}” moved to position {position} of {count}."),
        "removed": _("{kind} “{title}” removed."),
        "added": _("{kind} added at position {position}."),
        "at_top": _("Already first."),
        "at_bottom": _("Already last."),
        "checking": _("Checking…"),
        "provider_youtube": _("YouTube video {id}."),
        "provider_vimeo": _("Vimeo video {id}."),
        "provider_html5": _("Direct media file {id}."),
        "clip": _("Clip {start}–{end} ({length} long)."),
        "cues": _("{inside} of {total} transcript cues fall inside the clip."),
        "no_cues": _("No transcript cue falls inside the clip: check the times or the transcript."),
        "file_read": _("Loaded {name}."),
        "file_failed": _("The file could not be read."),
        "saving": _("Saving…"),
        "saved": _("Saved."),
        "discarded": _("Unsaved changes were discarded."),
        "removed_work": _("Learners' work in it will be hidden (learners: {count}); saving asks you to confirm."),
        "kept": _("The items are back in the editor. Nothing was saved yet."),
        "save_failed": _("Could not save"),
        "network": _("The server could not be reached. Nothing was saved; try again."),
        "other_errors": _("Other problems:"),
        "imported": _("Imported {segments} segments and {prompts} prompts into the editor. Review, then save."),
        "exported": _("The current OLX is shown below."),
        "empty": _("No segments or prompts yet. Add a segment to start."),
    }
