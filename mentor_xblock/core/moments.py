"""Moments of a clip a reflection is about (issue 21): `{"segment_id": "why", "seconds": 133.0}`,
seconds from the start of the source video, inside that segment's clip (start..end).

Pure: the services turn a MomentError into a 400 refusal and store the two parts.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .messages import N_, Message


class MomentError(ValueError):
    """The moment is not one of this block's clips; `message` says why, to the person."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Moment:
    segment_id: str
    seconds: float

    def to_json(self) -> dict:
        return {"segment_id": self.segment_id, "seconds": self.seconds}


def parse_moment(value, content) -> Moment | None:
    """The moment a request attaches (None for none: absent or null), checked against `content`'s
    segments: an object with a segment id of this block and seconds inside its clip."""
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"segment_id", "seconds"}:
        raise MomentError(N_('A moment must be {"segment_id": …, "seconds": …}.'))
    segment_id, seconds = value.get("segment_id"), value.get("seconds")
    if not isinstance(segment_id, str) or not segment_id:
        raise MomentError(N_("A moment must name the clip (segment_id) it is in."))
    segment = content.segment(segment_id)
    if segment is None:
        raise MomentError(N_("This block has no clip {id}.", id=segment_id[:64]))
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds):
        raise MomentError(N_("A moment's time must be a number of seconds."))
    if not segment.start <= seconds <= segment.end:
        raise MomentError(N_("{time} is outside the clip “{title}”, which runs from {start} to {end}.",
                             time=clock(seconds), title=segment.title or segment.id,
                             start=clock(segment.start), end=clock(segment.end)))
    return Moment(segment_id, round(float(seconds), 3))


def moment_of(segment_id: str, seconds) -> dict | None:
    """The stored parts as the API's moment object (None when none)."""
    if not segment_id or seconds is None:
        return None
    return Moment(segment_id, seconds).to_json()


def clock(seconds) -> str:
    """133.4 → "2:13"; 3725 → "1:02:05" (whole seconds, as the learner's button shows)."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
