"""Authored content of a mentorship block, as plain dataclasses with one validator.

The same `validate_content` serves OLX import, the Studio editor and the block's
field loading, so what is accepted in one place is accepted everywhere.
No Django or XBlock imports: this is the pure core.
"""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field

from .media import MediaError, MediaSource, parse_media_url, parse_timecode
from .messages import Message, N_
from .media import format_timecode
from .transcripts import TranscriptError, count_cues_in_range, parse_transcript

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
TAG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9 _-]{0,39}$")
# Characters XML 1.0 cannot carry (and lone surrogates): refused so that every stored text exports to OLX.
NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
STRATEGIES = ("auto", "learner_choice", "manual")
VISIBILITIES = ("mentor", "peers")
COMPLETION_MODES = ("segments", "prompts", "segments+prompts")
# mentor_assessed: a mentor's review sets the score (services/grading.py, docs/olx.md "Grading").
GRADING_MODES = ("none", "participation", "mentor_assessed")
# After the platform deadline (due + grace period): refuse new work, or take it and mark it late.
LATE_POLICIES = ("closed", "accepted")
TRANSCRIPT_FORMATS = ("vtt", "srt")
# Course assets only: the server reads them from the course's own store, never from another host.
TRANSCRIPT_SRC_PATTERN = re.compile(
    r"^/(?!.*\.\.)(static/|asset-v1:|resource/mentorship/static/)[^\s\"'<>\\?#]{1,400}\.(vtt|srt)$", re.IGNORECASE
)
MAX_TEXT = {"title": 200, "expert": 200, "expert_title": 200, "note": 5000, "prompt": 5000}
MAX_ITEMS = 100
MAX_TAGS = 30


@dataclass
class FieldError:
    """One problem, located so that an editor can show it next to its field."""

    path: str  # e.g. "segment[why].end", "mentoring.strategy"
    message: str
    item: int | None = None  # position in `items` when the error is about one item (ids may be missing or repeated)

    def __post_init__(self):
        # A literal message is its own message id (extracted by tools/translations.py), so the
        # adapter can translate it like an N_() one.
        if not isinstance(self.message, Message):
            self.message = Message(str(self.message))  # no parameters: never formatted

    def to_json(self) -> dict:
        data = {"path": self.path, "message": self.message}
        if self.item is not None:
            data["item"] = self.item
        return data

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ContentError(ValueError):
    """Authored content is invalid; carries every problem found, not just the first."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(str(error) for error in errors))


@dataclass
class Segment:
    id: str
    url: str
    start: int
    end: int
    title: str = ""
    expert: str = ""
    expert_title: str = ""
    note: str = ""
    transcript: str = ""
    transcript_format: str = "vtt"
    transcript_src: str = ""  # a course asset (/static/… or /asset-v1:…) read by the server instead of inline text
    kind: str = field(default="segment", init=False)

    @property
    def source(self) -> MediaSource:
        return parse_media_url(self.url)

    @property
    def duration(self) -> int:
        return self.end - self.start


@dataclass
class Prompt:
    id: str
    text: str
    min_words: int = 0
    visibility: str = "mentor"
    kind: str = field(default="prompt", init=False)


@dataclass
class Mentoring:
    strategy: str = "auto"
    mentors_per_learner: int = 1
    allow_change: bool = True
    tags: list[str] = field(default_factory=list)


@dataclass
class Content:
    """Everything an author decides, in OLX order."""

    items: list = field(default_factory=list)  # Segment | Prompt, in the order learners meet them
    mentoring: Mentoring | None = None
    completion: str = "segments+prompts"
    grading: str = "participation"
    watched_threshold: float = 0.9
    late_submissions: str = "closed"
    # Reading the transcript may complete a segment (server-credited, core.intervals.credit_reading_ms).
    transcript_credit: bool = False

    @property
    def segments(self) -> list[Segment]:
        return [item for item in self.items if isinstance(item, Segment)]

    @property
    def prompts(self) -> list[Prompt]:
        return [item for item in self.items if isinstance(item, Prompt)]

    def segment(self, segment_id: str) -> Segment | None:
        return next((s for s in self.segments if s.id == segment_id), None)

    def prompt(self, prompt_id: str) -> Prompt | None:
        return next((p for p in self.prompts if p.id == prompt_id), None)

    def to_dict(self) -> dict:
        """JSON-able form stored in the XBlock `content` field."""
        data = asdict(self)
        for item in data["items"]:
            if item["kind"] == "segment" and not item["transcript"]:
                item.pop("transcript")
            if item["kind"] == "segment" and not item["transcript_src"]:
                item.pop("transcript_src")
        return data


def _int(value, path: str, errors: list[FieldError], lo: int, hi: int, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.append(FieldError(path, N_("must be a whole number, not {value}", value=_shown(value))))
        return default
    if not lo <= number <= hi:
        errors.append(FieldError(path, N_("must be between {lo} and {hi}", lo=lo, hi=hi)))
    return number


def _choice(value, path: str, choices: tuple, errors: list[FieldError], default: str) -> str:
    if value in (None, ""):
        return default
    if value not in choices:
        errors.append(FieldError(path, N_("must be one of {choices}, not {value}", choices=", ".join(choices), value=_shown(value))))
        return default
    return value


def _bool(value, path: str, errors: list[FieldError], default: bool) -> bool:
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    errors.append(FieldError(path, N_("must be true or false, not {value}", value=_shown(value))))
    return default


def _text(value, path: str, errors: list[FieldError], limit: int, required: bool = False) -> str:
    if value is not None and not isinstance(value, str):
        errors.append(FieldError(path, "must be text"))
        return ""
    text = "" if value is None else value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if required and not text:
        errors.append(FieldError(path, "is required"))
    if len(text) > limit:
        errors.append(FieldError(path, N_("is longer than {limit} characters", limit=limit)))
    if NOT_XML_CHARS.search(text):
        errors.append(FieldError(path, "contains control characters that cannot be stored"))
    return text


def _check_id(value, path: str, errors: list[FieldError], seen: set[str]) -> str:
    ident = "" if value is None else str(value).strip()
    if not ID_PATTERN.match(ident):
        errors.append(FieldError(path, "id must be 1-64 letters, digits, '-' or '_', starting with a letter or digit"))
    elif ident in seen:
        errors.append(FieldError(path, N_("id {id} is used twice; ids must be unique in the block", id=repr(ident))))
    seen.add(ident)
    return ident


def parse_tags(value) -> list[str]:
    """Tags come as a comma-separated string (OLX) or a list (JSON); keep order, drop repeats.

    Anything else (a number, an object) reads as no tags: callers check the type first.
    """
    raw = value.split(",") if isinstance(value, str) else list(value) if isinstance(value, list) else []
    tags: list[str] = []
    for tag in raw:
        tag = str(tag).strip().lower()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _segment(raw: dict, errors: list[FieldError], seen: set[str]) -> Segment:
    where = f"segment[{raw.get('id') or '?'}]"
    ident = _check_id(raw.get("id"), f"{where}.id", errors, seen)
    url = _text(raw.get("url"), f"{where}.url", errors, 2000, required=True)
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
    transcript = _text(raw.get("transcript"), f"{where}.transcript", errors, 10**8)  # size: parse_transcript
    transcript_format = _choice(
        raw.get("transcript_format") or "vtt", f"{where}.transcript", TRANSCRIPT_FORMATS, errors, "vtt"
    )
    transcript_src = _text(raw.get("transcript_src"), f"{where}.transcript_src", errors, 500)
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
        title=_text(raw.get("title"), f"{where}.title", errors, MAX_TEXT["title"], required=True),
        expert=_text(raw.get("expert"), f"{where}.expert", errors, MAX_TEXT["expert"]),
        expert_title=_text(raw.get("expert_title"), f"{where}.expert_title", errors, MAX_TEXT["expert_title"]),
        note=_text(raw.get("note"), f"{where}.note", errors, MAX_TEXT["note"]),
        transcript=transcript,
        transcript_format=transcript_format,
        transcript_src=transcript_src,
    )


def _prompt(raw: dict, errors: list[FieldError], seen: set[str]) -> Prompt:
    where = f"prompt[{raw.get('id') or '?'}]"
    return Prompt(
        id=_check_id(raw.get("id"), f"{where}.id", errors, seen),
        text=_text(raw.get("text"), f"{where}.text", errors, MAX_TEXT["prompt"], required=True),
        min_words=_int(raw.get("min_words"), f"{where}.min_words", errors, 0, 2000, 0),
        visibility=_choice(raw.get("visibility"), f"{where}.visibility", VISIBILITIES, errors, "mentor"),
    )


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
        strategy=_choice(raw.get("strategy"), "mentoring.strategy", STRATEGIES, errors, "auto"),
        mentors_per_learner=_int(raw.get("mentors_per_learner"), "mentoring.mentors_per_learner", errors, 1, 5, 1),
        allow_change=_bool(raw.get("allow_change"), "mentoring.allow_change", errors, True),
        tags=tags,
    )


def _number(value) -> float | None:
    """A finite number from JSON (int, float) or OLX/editor text ("0.9"), else None.

    Booleans are not numbers here, and neither are 400-digit integers (float() overflows),
    "nan" or "1e999" (infinite).
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _threshold(value, errors: list[FieldError]) -> float:
    if value in (None, ""):
        return 0.9
    number = _number(value)
    if number is None:
        errors.append(FieldError("watched_threshold", N_("must be a number between 0.5 and 1, not {value}", value=_shown(value))))
        return 0.9
    if not 0.5 <= number <= 1.0:
        errors.append(FieldError("watched_threshold", "must be between 0.5 and 1"))
    return number


def _shown(value) -> str:
    """A refused value as an error message quotes it: never more than a few dozen characters."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


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
        build = _segment if raw_item["kind"] == "segment" else _prompt
        before = len(errors)
        items.append(build(raw_item, errors, seen))
        for error in errors[before:]:
            error.item = position
    mentoring_raw = raw.get("mentoring")
    if mentoring_raw is not None and not isinstance(mentoring_raw, dict):
        errors.append(FieldError("mentoring", "must be an object"))
        mentoring_raw = None
    content = Content(
        items=items,
        mentoring=_mentoring(mentoring_raw, errors),
        completion=_choice(raw.get("completion"), "completion", COMPLETION_MODES, errors, "segments+prompts"),
        grading=_choice(raw.get("grading"), "grading", GRADING_MODES, errors, "participation"),
        watched_threshold=_threshold(raw.get("watched_threshold"), errors),
        late_submissions=_choice(raw.get("late_submissions"), "late_submissions", LATE_POLICIES, errors, "closed"),
        transcript_credit=_bool(raw.get("transcript_credit"), "transcript_credit", errors, False),
    )
    if content.grading == "mentor_assessed" and not content.prompts:
        errors.append(FieldError("grading", "mentor_assessed needs at least one prompt for mentors to review"))
    if errors:
        raise ContentError(errors)
    return content


MAX_DISPLAY_NAME = 200
MAX_WEIGHT = 100.0


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
        settings["display_name"] = _text(name, "display_name", errors, MAX_DISPLAY_NAME, required=True)
    if raw.get("weight") not in (None, ""):
        value = raw["weight"]
        number = _number(value)
        if number is None or not 0 <= number <= MAX_WEIGHT:
            errors.append(FieldError("weight", N_("must be a number between 0 and {max}, not {value}", max=format(MAX_WEIGHT, "g"), value=_shown(value))))
        else:
            settings["weight"] = number
    if errors:
        raise ContentError(errors)
    return settings


# --- Authoring helpers (Studio editor and validation) -------------------------------

EDITOR_SEGMENT_FIELDS = ("id", "title", "expert", "expert_title", "url", "start", "end", "note", "transcript",
                         "transcript_format", "transcript_src")


def to_editor(content: Content) -> dict:
    """Content in the editor's form: the validator's input, times as timecodes authors read."""
    data = content.to_dict()
    for item in data["items"]:
        if item["kind"] == "segment":
            item.setdefault("transcript", "")
            item.setdefault("transcript_src", "")
            item["start"] = format_timecode(item["start"])
            item["end"] = format_timecode(item["end"])
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
        _prompt(raw, errors, seen)
        return {"errors": _by_field(errors), "info": {}}
    segment = _segment(raw, errors, seen)
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
