"""The one validator: raw content (OLX attributes, editor JSON or the stored field) to `Content`.

The same `validate_content` serves OLX import, the Studio editor and the block's field
loading, so what is accepted in one place is accepted everywhere; `validate_settings`
does the same for the block's own display_name and weight.
"""
from __future__ import annotations

import re

from ..criteria import read_criteria
from ..media import MediaError, parse_media_url, parse_timecode
from ..messages import N_
from ..transcripts import TranscriptError, parse_transcript
from .fields import (
    TAG_PATTERN, finite_number, parse_tags, read_bool, read_choice, read_id, read_int, read_text, shown,
)
from .model import (
    COMPLETION_MODES, GRADING_MODES, LATE_POLICIES, STRATEGIES, TRANSCRIPT_FORMATS, VISIBILITIES, Content,
    ContentError, FieldError, Mentoring, Prompt, Segment,
)

# Course assets only: the server reads them from the course's own store, never from another host.
TRANSCRIPT_SRC_PATTERN = re.compile(
    r"^/(?!.*\.\.)(static/|asset-v1:|resource/mentorship/static/)[^\s\"'<>\\?#]{1,400}\.(vtt|srt)$", re.IGNORECASE
)
MAX_TEXT = {"title": 200, "expert": 200, "expert_title": 200, "note": 5000, "prompt": 5000}
MAX_ITEMS = 100
MAX_TAGS = 30
MAX_TARGET_HOURS = 24 * 60  # the response-time target: up to 60 days
MAX_NUDGE_DAYS = 365
MAX_CHECKIN_DAYS = 365  # a check-in at least once a year, or none (0)
MAX_DISPLAY_NAME = 200
MAX_WEIGHT = 100.0


def read_segment(raw: dict, errors: list[FieldError], seen: set[str]) -> Segment:
    where = f"segment[{raw.get('id') or '?'}]"
    ident = read_id(raw.get("id"), f"{where}.id", errors, seen)
    url = read_text(raw.get("url"), f"{where}.url", errors, 2000, required=True)
    source = None
    if url:
        try:
            source = parse_media_url(url)
        except MediaError as exc:
            errors.append(FieldError(f"{where}.url", exc.args[0]))
    start = end = None
    for name in ("start", "end"):
        try:
            value = parse_timecode(raw.get(name))
        except MediaError as exc:
            errors.append(FieldError(f"{where}.{name}", exc.args[0]))
            value = -1  # marks "reported already" so no second message follows
        if name == "start":
            start = value
        else:
            end = value
    # Times in the URL (t=, start=, end=) fill only what the attributes leave out.
    if start is None:
        start = (source.url_start if source else None) or 0
    if end is None and source is not None:
        end = source.url_end
    if end is None:
        errors.append(FieldError(f"{where}.end", "is required (the clip's end time, e.g. 4:05)"))
        end = -1
    elif start >= 0 and end >= 0 and end <= start:
        errors.append(FieldError(f"{where}.end", "must be after the start time"))
    transcript = read_text(raw.get("transcript"), f"{where}.transcript", errors, 10**8)  # size: parse_transcript
    transcript_format = read_choice(
        raw.get("transcript_format") or "vtt", f"{where}.transcript", TRANSCRIPT_FORMATS, errors, "vtt"
    )
    transcript_src = read_text(raw.get("transcript_src"), f"{where}.transcript_src", errors, 500)
    if transcript_src and not TRANSCRIPT_SRC_PATTERN.match(transcript_src):
        errors.append(FieldError(
            f"{where}.transcript_src",
            "must be a course asset ending in .vtt or .srt, like /static/why.vtt or /asset-v1:Org+Course+Run+type@asset+block@why.vtt",
        ))
    if transcript_src and transcript:
        errors.append(FieldError(f"{where}.transcript_src", "give the transcript inline or as a course asset, not both"))
    if not transcript and not transcript_src:
        transcript_format = "vtt"  # the format of no transcript is not worth keeping (and OLX would drop it)
    elif transcript_src:
        if transcript_src.lower().endswith(".srt"):
            transcript_format = "srt"
    else:
        try:
            parse_transcript(transcript, transcript_format)
        except TranscriptError as exc:
            errors.append(FieldError(f"{where}.transcript", exc.args[0]))
    return Segment(
        id=ident,
        url=url,
        start=max(start, 0),
        end=max(end, 0),
        title=read_text(raw.get("title"), f"{where}.title", errors, MAX_TEXT["title"], required=True),
        expert=read_text(raw.get("expert"), f"{where}.expert", errors, MAX_TEXT["expert"]),
        expert_title=read_text(raw.get("expert_title"), f"{where}.expert_title", errors, MAX_TEXT["expert_title"]),
        note=read_text(raw.get("note"), f"{where}.note", errors, MAX_TEXT["note"]),
        transcript=transcript,
        transcript_format=transcript_format,
        transcript_src=transcript_src,
    )


def read_prompt(raw: dict, errors: list[FieldError], seen: set[str]) -> Prompt:
    where = f"prompt[{raw.get('id') or '?'}]"
    return Prompt(
        id=read_id(raw.get("id"), f"{where}.id", errors, seen),
        text=read_text(raw.get("text"), f"{where}.text", errors, MAX_TEXT["prompt"], required=True),
        min_words=read_int(raw.get("min_words"), f"{where}.min_words", errors, 0, 2000, 0),
        visibility=read_choice(raw.get("visibility"), f"{where}.visibility", VISIBILITIES, errors, "mentor"),
        criteria=_criteria(raw.get("criteria"), f"{where}.criteria", errors),
    )


def _criteria(value, path: str, errors: list[FieldError]):
    found: list = []
    criteria = read_criteria(value, path, found)
    errors.extend(FieldError(where, message) for where, message in found)
    return criteria


def _mentoring(raw: dict | None, errors: list[FieldError]) -> Mentoring | None:
    if raw is None:
        return None
    raw_tags = raw.get("tags")
    if raw_tags is not None and not (
        isinstance(raw_tags, str) or isinstance(raw_tags, list) and all(isinstance(tag, str) for tag in raw_tags)
    ):
        errors.append(FieldError("mentoring.tags", "must be a comma-separated text or a list of tags"))
    tags = parse_tags(raw.get("tags"))
    for tag in tags:
        if not TAG_PATTERN.match(tag):
            errors.append(FieldError("mentoring.tags", N_("tag {tag} must be 1-40 lowercase letters, digits, spaces, hyphens or underscores", tag=repr(tag))))
    if len(tags) > MAX_TAGS:
        errors.append(FieldError("mentoring.tags", N_("at most {limit} tags", limit=MAX_TAGS)))
    return Mentoring(
        strategy=read_choice(raw.get("strategy"), "mentoring.strategy", STRATEGIES, errors, "auto"),
        mentors_per_learner=read_int(raw.get("mentors_per_learner"), "mentoring.mentors_per_learner", errors, 1, 5, 1),
        allow_change=read_bool(raw.get("allow_change"), "mentoring.allow_change", errors, True),
        tags=tuple(tags),
        response_target_hours=read_int(raw.get("response_target_hours"), "mentoring.response_target_hours", errors,
                                       1, MAX_TARGET_HOURS, 72),
        nudge_days=read_int(raw.get("nudge_days"), "mentoring.nudge_days", errors, 0, MAX_NUDGE_DAYS, 0),
        mentor_approval=read_bool(raw.get("mentor_approval"), "mentoring.mentor_approval", errors, False),
        request_expiry_days=read_int(raw.get("request_expiry_days"), "mentoring.request_expiry_days", errors, 1, 60, 7),
        checkin_days=read_int(raw.get("checkin_days"), "mentoring.checkin_days", errors, 0, MAX_CHECKIN_DAYS, 30),
    )


def _threshold(value, errors: list[FieldError]) -> float:
    if value in (None, ""):
        return 0.9
    number = finite_number(value)
    if number is None:
        errors.append(FieldError("watched_threshold", N_("must be a number between 0.5 and 1, not {value}", value=shown(value))))
        return 0.9
    if not 0.5 <= number <= 1.0:
        errors.append(FieldError("watched_threshold", "must be between 0.5 and 1"))
    return number


def validate_content(raw: dict) -> Content:
    """Build `Content` from a plain dict (OLX attributes, editor JSON or stored field).

    Raises ContentError listing every problem; never returns half-valid content.
    """
    errors: list[FieldError] = []
    if not isinstance(raw, dict):
        raise ContentError([FieldError("content", "must be an object")])
    raw_items = raw.get("items") or []
    if not isinstance(raw_items, list):
        raise ContentError([FieldError("items", "must be a list")])
    if len(raw_items) > MAX_ITEMS:
        errors.append(FieldError("items", N_("at most {limit} segments and prompts in one block", limit=MAX_ITEMS)))
    seen: set[str] = set()
    items: list = []
    for position, raw_item in enumerate(raw_items[:MAX_ITEMS]):
        if not isinstance(raw_item, dict) or raw_item.get("kind") not in ("segment", "prompt"):
            errors.append(FieldError(f"items[{position}]", "must be a segment or a prompt"))
            continue
        build = read_segment if raw_item["kind"] == "segment" else read_prompt
        before = len(errors)
        items.append(build(raw_item, errors, seen))
        for error in errors[before:]:
            error.item = position
    mentoring_raw = raw.get("mentoring")
    if mentoring_raw is not None and not isinstance(mentoring_raw, dict):
        errors.append(FieldError("mentoring", "must be an object"))
        mentoring_raw = None
    content = Content(
        items=tuple(items),
        mentoring=_mentoring(mentoring_raw, errors),
        completion=read_choice(raw.get("completion"), "completion", COMPLETION_MODES, errors, "segments+prompts"),
        grading=read_choice(raw.get("grading"), "grading", GRADING_MODES, errors, "participation"),
        watched_threshold=_threshold(raw.get("watched_threshold"), errors),
        late_submissions=read_choice(raw.get("late_submissions"), "late_submissions", LATE_POLICIES, errors, "closed"),
        transcript_credit=read_bool(raw.get("transcript_credit"), "transcript_credit", errors, False),
    )
    if content.grading == "mentor_assessed" and not content.prompts:
        errors.append(FieldError("grading", "mentor_assessed needs at least one prompt for mentors to review"))
    if errors:
        raise ContentError(errors)
    return content


def validate_settings(raw: dict, require_display_name: bool = False) -> dict:
    """The block's own settings (display_name, weight) from editor JSON or OLX attributes.

    Only the keys present are returned (the editor sends display_name always, so it
    asks for it with `require_display_name`); raises ContentError like validate_content.
    """
    errors: list[FieldError] = []
    settings: dict = {}
    name = raw.get("display_name")
    if name is not None and not isinstance(name, str):
        errors.append(FieldError("display_name", "must be text"))
    elif name is not None or require_display_name:
        settings["display_name"] = read_text(name, "display_name", errors, MAX_DISPLAY_NAME, required=True)
    if raw.get("weight") not in (None, ""):
        value = raw["weight"]
        number = finite_number(value)
        if number is None or not 0 <= number <= MAX_WEIGHT:
            errors.append(FieldError("weight", N_("must be a number between 0 and {max}, not {value}", max=format(MAX_WEIGHT, "g"), value=shown(value))))
        else:
            settings["weight"] = number
    if errors:
        raise ContentError(errors)
    return settings
