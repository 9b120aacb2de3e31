"""Process-wide caches of what a view derives from authored content alone.

Block instances live for one request, so a cache on the instance saves nothing
between page views; these are keyed by the content itself (a hash of the stored
JSON, of a transcript's text, a clip's URL and times) and shared by every request
of the process. Each is a bounded LRU, so memory stays flat however many blocks a
process serves. Values are shared between requests, so they are immutable (frozen
dataclasses and tuples). Nothing here depends on the viewer, the language or the database.
"""
from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from .core.content import Content, validate_content
from .core.media import embed_url, parse_media_url, source_link
from .core.transcripts import Cue, cut_cues, parse_transcript

# Sizes: a course has tens of blocks; a process serves a few courses at a time.
CONTENT_ENTRIES = 128  # a 12-segment block with transcripts is ~50 KB as objects
CUE_ENTRIES = 512
# Whole parsed transcripts, for the clips cut from them (several segments of one talk share one):
# few, since a 2 MB transcript is tens of thousands of cues.
TRANSCRIPT_ENTRIES = 16
MEDIA_ENTRIES = 1024


class LRU:
    """A small thread-safe least-recently-used map; the value is computed outside the lock
    (two threads may compute the same entry once each; both results are equal)."""

    def __init__(self, size: int):
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], object]):
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = compute()
        self.put(key, value)
        return value

    def put(self, key: Hashable, value) -> None:
        with self._lock:
            self.misses += 1
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.misses = 0


_CONTENT = LRU(CONTENT_ENTRIES)
_CUES = LRU(CUE_ENTRIES)
_TRANSCRIPTS = LRU(TRANSCRIPT_ENTRIES)
_MEDIA = LRU(MEDIA_ENTRIES)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def validated_content(raw: dict) -> Content:
    """validate_content(raw), once per distinct content per process (ContentError is not cached)."""
    key = _digest(json.dumps(raw, sort_keys=True, separators=(",", ":"), default=str))
    return _CONTENT.get(key, lambda: validate_content(raw))


def parsed_transcript(text: str, fmt: str, digest: str | None = None) -> tuple[Cue, ...]:
    """parse_transcript(text, fmt), once per distinct text per process (TranscriptError is not cached)."""
    return _TRANSCRIPTS.get((digest or _digest(text), fmt), lambda: tuple(parse_transcript(text, fmt)))


def clip_cues(text: str, fmt: str, start: int, end: int) -> tuple[Cue, ...]:
    """The transcript's cues cut to [start, end] in clip time (TranscriptError is not cached)."""
    digest = _digest(text)
    return _CUES.get((digest, fmt, start, end), lambda: tuple(cut_cues(parsed_transcript(text, fmt, digest), start, end)))


def media_links(url: str, start: int, end: int):
    """(MediaSource, "watch the full talk" link, embed URL) of a clip."""

    def compute():
        source = parse_media_url(url)
        return source, source_link(source, start), embed_url(source, start, end)

    return _MEDIA.get((url, start, end), compute)


def clear() -> None:
    """Forget everything (tests)."""
    for cache in (_CONTENT, _CUES, _TRANSCRIPTS, _MEDIA):
        cache.clear()
