"""Authoring helpers around the validator: the Studio editor's form, live feedback on one item,
and the warnings Studio shows for valid content."""
from __future__ import annotations

from ..criteria import editor_text
from ..media import format_timecode
from ..messages import N_
from ..transcripts import count_cues_in_range, parse_transcript
from .model import Content, FieldError
from .validation import read_prompt, read_segment


def to_editor(content: Content) -> dict:
    """Content in the editor's form: the validator's input, times as timecodes authors read."""
    data = content.to_dict()  # fresh dicts and lists: ours to change
    for item in data["items"]:
        if item["kind"] == "segment":
            item.setdefault("transcript", "")
            item.setdefault("transcript_src", "")
            item["start"] = format_timecode(item["start"])
            item["end"] = format_timecode(item["end"])
        else:  # the editor's criteria box: one a line, "Label: Not yet | Partly | Clearly"
            item["criteria"] = editor_text(content.prompt(item["id"]).criteria)
    if data["mentoring"] is not None:
        data["mentoring"]["tags"] = ", ".join(data["mentoring"]["tags"])
    return data


def check_item(raw, taken_ids=()) -> dict:
    """Live feedback on one segment or prompt while an author types.

    Runs the validator on the item alone (ids in `taken_ids` count as used) and, for
    a segment, says which player its URL needs and how many transcript cues fall
    inside the clip. Returns {"errors": {field: message}, "info": {...}}.
    """
    if not isinstance(raw, dict) or raw.get("kind") not in ("segment", "prompt"):
        return {"errors": {"kind": N_("must be a segment or a prompt")}, "info": {}}
    errors: list[FieldError] = []
    seen = {str(ident) for ident in taken_ids if isinstance(ident, str)}
    if raw["kind"] == "prompt":
        read_prompt(raw, errors, seen)
        return {"errors": _by_field(errors), "info": {}}
    segment = read_segment(raw, errors, seen)
    by_field = _by_field(errors)
    info: dict = {}
    if "url" not in by_field and segment.url:
        source = segment.source
        info.update(provider=source.provider, video_id=source.video_id)
    if not {"start", "end"} & set(by_field):
        info.update(start=segment.start, end=segment.end, duration=format_timecode(segment.duration),
                    start_label=format_timecode(segment.start), end_label=format_timecode(segment.end))
    if segment.transcript and "transcript" not in by_field:
        cues = parse_transcript(segment.transcript, segment.transcript_format)
        info["cues_total"] = len(cues)
        if "end" in info:
            info["cues_in_clip"] = count_cues_in_range(cues, segment.start, segment.end)
    return {"errors": by_field, "info": info}


def _by_field(errors: list[FieldError]) -> dict:
    """{"end": "must be after the start time"} from item errors ("segment[x].end": …); first message wins."""
    fields: dict = {}
    for error in errors:
        fields.setdefault(error.path.rpartition(".")[2], error.message)
    return fields


def review(content: Content) -> list[tuple[str, str, str]]:
    """Problems worth a Studio warning in valid content: (level, code, item id).

    level is "error" or "warning"; the adapter turns codes into translated sentences.
    """
    found = []
    if not content.segments:
        found.append(("warning" if content.prompts else "error", "no_segments", ""))
    for segment in content.segments:
        if not segment.transcript and not segment.transcript_src:
            found.append(("warning", "no_transcript", segment.id))
    if content.mentoring is None:
        for prompt in content.prompts:
            if prompt.visibility == "peers":
                found.append(("warning", "peers_without_mentoring", prompt.id))
    return found
