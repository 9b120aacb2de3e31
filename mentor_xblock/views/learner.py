"""The learner view (student_view) and the block's data for apps (student_view_data).

Every viewer gets the segments and prompts; a learner also their progress, their own
responses and their mentor part; mentors and programme staff their dashboard above a
labelled preview (views/dashboards.py).
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import NamedTuple

from ..core.media import format_timecode
from ..platform import absolute_url
from ..rendering import fragment, i18n_service, per_language
from ..services.progress import progress_for, progress_json
from ..view_cache import media_links
from .dashboards import dashboard_part
from .deadline import deadline_part
from .grade import grade_part
from .prompts import prompts_part
from .widget import mentor_widget

# What the browser needs of a segment (the learner view's JS arguments).
SEGMENT_ARGS = ("id", "provider", "video_id", "url", "embed_url", "start", "end", "transcript_url", "progress", "title",
                "transcript_credit", "reading_seconds")


def segment_data(block, segment, absolute: bool = False) -> dict:
    """A segment for JSON; `absolute` makes every URL absolute (student_view_data), while the
    page itself calls its handlers on the same origin."""
    source, link, embed = media_links(segment.url, segment.start, segment.end)  # parsed once per process
    transcript_url = None
    if segment.transcript or segment.transcript_src:
        if absolute:
            transcript_url = block.absolute_handler_url("transcript", f"{segment.id}.vtt")
        else:
            transcript_url = block.handler_path("transcript", f"{segment.id}.vtt")
    video_id = source.video_id
    # Reading the transcript completes the segment where the author allows it (docs/api.md).
    reading_ms = block.reading_needed_ms(segment) if block.authored.transcript_credit and transcript_url else 0
    if absolute:
        link, embed = absolute_url(link), absolute_url(embed)
        if source.provider == "html5":  # its id is the media URL
            video_id = absolute_url(video_id)
    return {
        "id": segment.id,
        "title": segment.title,
        "expert": segment.expert,
        "expert_title": segment.expert_title,
        "note": segment.note,
        "provider": source.provider,
        "video_id": video_id,
        "url": link,
        "embed_url": embed,
        "start": segment.start,
        "end": segment.end,
        "transcript_url": transcript_url,
        "transcript_credit": bool(reading_ms),
        "reading_seconds": reading_ms / 1000 if reading_ms else None,
    }


def student_view_data(block) -> dict:
    """The block for mobile apps and the Course Blocks API (see docs/api.md). No database."""
    content = block.authored
    mentoring = content.mentoring
    return {
        "display_name": block.display_name,
        "segments": [segment_data(block, segment, absolute=True) for segment in content.segments],
        "prompts": [
            {"id": p.id, "text": p.text, "min_words": p.min_words, "visibility": p.visibility,
             "criteria": [c.to_dict() for c in p.criteria]}  # what mentors' reviews rate (issue 21)
            for p in content.prompts
        ],
        # Mobile apps show how the block counts (docs/api.md).
        "grading": {"mode": content.grading, "max_score": block.max_score(), "weight": block.weight},
        "completion": {"mode": content.completion, "watched_threshold": content.watched_threshold},
        "mentoring": None
        if mentoring is None
        else {
            "strategy": mentoring.strategy,
            "mentors_per_learner": mentoring.mentors_per_learner,
            "allow_change": mentoring.allow_change,
            "tags": list(mentoring.tags),
            "response_target_hours": mentoring.response_target_hours,
            "nudge_days": mentoring.nudge_days,
            "mentor_approval": mentoring.mentor_approval,
            "request_expiry_days": mentoring.request_expiry_days,
            "checkin_days": mentoring.checkin_days,
        },
    }


class CueRow(NamedTuple):
    """A transcript row: clip time, labelled in source time like the clip's times."""

    start: float
    end: float
    label: str
    text: str


def _cue_rows(block, segment) -> list[CueRow]:
    return [CueRow(cue.start, cue.end, format_timecode(int(cue.start) + segment.start), cue.text)
            for cue in block.cues_for(segment)]


def _shown(item: dict) -> SimpleNamespace:
    """An item as the templates read it: by attribute (Jinja tries an attribute before a key, so a
    dict costs an exception per lookup: about 1,300 of them on a 12-segment page)."""
    return SimpleNamespace(**{key: SimpleNamespace(**value) if isinstance(value, dict) else value
                              for key, value in item.items()})


def _segment_item(block, segment, progress: dict) -> dict:
    data = segment_data(block, segment)
    shown = progress_json(progress.get(segment.id))
    percent = int(round(shown["coverage"] * 100))
    data.update(
        kind="segment",
        length=format_timecode(segment.duration),
        start_label=format_timecode(segment.start),
        end_label=format_timecode(segment.end),
        cues=_cue_rows(block, segment),
        # The hint says what the server will count: minutes from a minute on, else seconds (to 5 s).
        reading_minutes=round(data["reading_seconds"] / 60) if (data["reading_seconds"] or 0) >= 60 else 0,
        reading_round_seconds=max(5, 5 * round((data["reading_seconds"] or 0) / 5)),
        progress=shown,
        percent=percent,
        started=shown["coverage"] > 0,
        watched=bool(shown["watched"]),
    )
    return data


def student_view(block, context=None):
    actor = block.who()
    progress = progress_for(block.block_ref, actor.anonymous_id) if actor.is_authenticated else {}
    items = []
    for item in block.authored.items:
        if item.kind == "segment":
            items.append(_segment_item(block, item, progress))
        else:
            items.append({"kind": "prompt", "id": item.id, "text": item.text, "min_words": item.min_words,
                          "visibility": item.visibility, "criteria": item.criteria})
    init_args = {
        "segments": [{key: entry[key] for key in SEGMENT_ARGS} for entry in items if entry["kind"] == "segment"],
        "threshold": block.authored.watched_threshold,
        "signed_in": actor.is_authenticated,
        "i18n": js_catalogue(block),
        "locale": block.locale_args(),
    }
    template_context = {"block": block, "dom_id": block.dom_id, "items": items,
                        "threshold": block.authored.watched_threshold}
    # Each part of the learner view adds its template context, JS args and files here.
    scripts, styles = ["learner.js"], ["learner.css"]  # every learner part (tools/build_static.py)
    deadline_part(block, template_context, init_args)
    dashboard_part(block, template_context, init_args, scripts, styles)
    if not template_context.get("preview_role") and block.viewer().read_only:
        # Studio preview and "View as": the learner content as a labelled preview, no live forms
        # (nothing can be written as anyone there).
        template_context["preview_role"] = "read_only"
    if template_context.get("preview_role"):
        # Mentors and staff see the learner content as a labelled preview: no forms, and
        # nothing they play is reported as their progress.
        init_args["signed_in"] = False
    else:
        prompts_part(block, items, init_args)
    widget = mentor_widget(block)
    if widget:
        template_context["mentor_widget"] = widget["context"]
        init_args["mentoring"] = widget["args"]
    if actor.is_authenticated and not template_context.get("preview_role"):
        template_context["summary"] = progress_summary(block, items, widget)
        grade_part(block, template_context)
    template_context["items"] = [_shown(item) for item in items]
    return fragment(block, "student_view.html", template_context, js=scripts, css=styles, init="MentorStudentView",
                    init_args=init_args)


def progress_summary(block, items: list, widget) -> dict:
    """"2 of 4 clips watched, 1 of 2 reflections answered, mentor: Ada Okafor" at the top of the
    learner view. Each count keeps a {done} slot, so the page's JS can update it in place."""
    i18n = i18n_service(block)
    segments = [item for item in items if item["kind"] == "segment"]
    prompts = [item for item in items if item["kind"] == "prompt"]
    parts = []
    if segments:
        parts.append({"role": "summary-segments", "done": sum(1 for s in segments if s["progress"]["watched"]),
                      "template": i18n.ngettext("{done} of {total} clip watched", "{done} of {total} clips watched",
                                                len(segments)).replace("{total}", str(len(segments)))})
    if prompts:
        parts.append({"role": "summary-prompts",
                      "done": sum(1 for p in prompts if (p.get("state") or {}).get("submitted")),
                      "template": i18n.ngettext("{done} of {total} reflection answered",
                                                "{done} of {total} reflections answered",
                                                len(prompts)).replace("{total}", str(len(prompts)))})
    mentors = [entry["mentor"]["display_name"] for entry in
               ((widget or {}).get("context", {}).get("state") or {}).get("mentors", [])]
    if mentors:
        parts.append({"role": "summary-mentor", "text": i18n.ngettext(
            "mentor: {names}", "mentors: {names}", len(mentors)).format(names=", ".join(mentors))})
    for part in parts:
        if "template" in part:
            part["text"] = part["template"].replace("{done}", str(part["done"]))
    return {"parts": parts}


@per_language
def js_catalogue(block) -> dict:
    """Every string the browser shows, translated on the server (one catalogue, no JS gettext)."""
    _ = block._
    return {
        "loading": _("Loading the video…"),
        "load_failed": _("The video could not be loaded. Use the link to watch it on the source site."),
        "provider_failed": _("The video did not load from {provider}: the site may be blocked on this network "
                             "or offline. Retry, open it on {provider}, or read the transcript."),
        "provider_failed_no_transcript": _("The video did not load from {provider}: the site may be blocked on "
                                           "this network or offline. Retry, or open it on {provider}."),
        "file_failed": _("The video file could not be loaded. Retry, or open the file directly."),
        "percent_read": _("{percent}% of the transcript read"),
        "read": _("Completed by reading the transcript"),
        "not_watched": _("Not watched yet"),
        "percent_watched": _("{percent}% watched"),
        "watched": _("Watched"),
        "saving_failed": _("Your progress could not be saved. It will be retried."),
        "clip_ended": _("End of the clip."),
        "pause": _("Pause"),
        "play": _("Play"),
        "captions": _("Captions"),
        "fullscreen": _("Full screen"),
        "clip_position": _("Position in the clip"),
        "clip_time": _("{time} of {length}"),
    }
