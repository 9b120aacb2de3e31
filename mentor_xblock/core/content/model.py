"""Authored content as immutable dataclasses, and the errors the validator reports.

A validated `Content` is shared by every request of a process (view_cache keeps one per
distinct stored content), so it is truly immutable: frozen dataclasses whose collections
are tuples. Lists given to a constructor are stored as tuples, so `Mentoring(tags=[...])`
equals the validated value. `to_dict()` gives fresh plain dicts and lists (the stored
field's JSON form), which callers may change freely.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass

from ..criteria import Criterion
from ..media import MediaSource, parse_media_url
from ..messages import Message

STRATEGIES = ("auto", "learner_choice", "manual")
VISIBILITIES = ("mentor", "peers")
COMPLETION_MODES = ("segments", "prompts", "segments+prompts")
# mentor_assessed: a mentor's review sets the score (services/grading.py, docs/olx.md "Grading").
GRADING_MODES = ("none", "participation", "mentor_assessed")
# After the platform deadline (due + grace period): refuse new work, or take it and mark it late.
LATE_POLICIES = ("closed", "accepted")
TRANSCRIPT_FORMATS = ("vtt", "srt")


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


def _plain(value):
    """A value as fresh JSON-able data: dataclasses by their to_dict(), tuples as lists."""
    if is_dataclass(value):
        return value.to_dict()
    if isinstance(value, (tuple, list)):
        return [_plain(part) for part in value]
    return value


def _fields_dict(instance) -> dict:
    """A dataclass's fields as a fresh dict, in field order (as dataclasses.asdict, but tuples as lists)."""
    return {spec.name: _plain(getattr(instance, spec.name)) for spec in fields(instance)}


def _as_tuple(value, what: str) -> tuple:
    if isinstance(value, (str, bytes)):  # tuple("ab") would split it into letters
        raise TypeError(f"{what} must be a sequence, not text")
    return tuple(value)


@dataclass(frozen=True)
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

    def to_dict(self) -> dict:
        """The stored form: an empty inline transcript or asset is left out."""
        data = _fields_dict(self)
        if not data["transcript"]:
            data.pop("transcript")
        if not data["transcript_src"]:
            data.pop("transcript_src")
        return data


@dataclass(frozen=True)
class Prompt:
    id: str
    text: str
    min_words: int = 0
    visibility: str = "mentor"
    criteria: tuple[Criterion, ...] = ()  # core/criteria.py; a review picks a level of each
    kind: str = field(default="prompt", init=False)

    def __post_init__(self):
        object.__setattr__(self, "criteria", _as_tuple(self.criteria, "criteria"))

    def to_dict(self) -> dict:
        """The stored form: a prompt without criteria is stored as before."""
        data = _fields_dict(self)
        if not data["criteria"]:
            data.pop("criteria")
        return data


@dataclass(frozen=True)
class Mentoring:
    strategy: str = "auto"
    mentors_per_learner: int = 1
    allow_change: bool = True
    tags: tuple[str, ...] = ()
    # A response waiting longer than this for its mentor's feedback is overdue (and its mentor reminded).
    response_target_hours: int = 72
    # Days after a learner's mentor is assigned to nudge a learner who has answered nothing (0: never).
    nudge_days: int = 0
    mentor_approval: bool = False  # learner_choice: a choice is a request the mentor accepts or declines
    request_expiry_days: int = 7  # an unanswered request expires after this many days
    # Days after a pairing starts (and then every as many days) when both sides are asked how useful
    # it is (services/programme/checkins.py); 0 turns check-ins off.
    checkin_days: int = 30

    def __post_init__(self):
        object.__setattr__(self, "tags", _as_tuple(self.tags, "tags"))

    def to_dict(self) -> dict:
        return _fields_dict(self)


@dataclass(frozen=True)
class Content:
    """Everything an author decides, in OLX order."""

    items: tuple[Segment | Prompt, ...] = ()  # in the order learners meet them
    mentoring: Mentoring | None = None
    completion: str = "segments+prompts"
    grading: str = "participation"
    watched_threshold: float = 0.9
    late_submissions: str = "closed"
    # Reading the transcript may complete a segment (server-credited, core.intervals.credit_reading_ms).
    transcript_credit: bool = False

    def __post_init__(self):
        object.__setattr__(self, "items", _as_tuple(self.items, "items"))

    @property
    def segments(self) -> tuple[Segment, ...]:
        return tuple(item for item in self.items if isinstance(item, Segment))

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        return tuple(item for item in self.items if isinstance(item, Prompt))

    def segment(self, segment_id: str) -> Segment | None:
        return next((s for s in self.items if isinstance(s, Segment) and s.id == segment_id), None)

    def prompt(self, prompt_id: str) -> Prompt | None:
        return next((p for p in self.items if isinstance(p, Prompt) and p.id == prompt_id), None)

    def to_dict(self) -> dict:
        """JSON-able form stored in the XBlock `content` field: fresh dicts and lists."""
        return _fields_dict(self)
