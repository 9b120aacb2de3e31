"""Process-wide caches of what a view derives from authored content alone.

Block instances live for one request, so a cache on the instance saves nothing
between page views; these are keyed by the content itself (a hash of the stored
JSON, of a transcript's text, a clip's URL and times) and shared by every request
of the process. Each is a bounded LRU, so memory stays flat however many blocks a
process serves. Values are shared between requests: callers treat them as read-only.
Nothing here depends on the viewer or the database; shared renderings keep the
translations they were made with and are reused only where those are the same.
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
MEDIA_ENTRIES = 1024
ROWS_ENTRIES = 512  # a 12-cue transcript's rows are ~6 KB of HTML
# Shared renderings, per template: a segment is ~8 KB with its transcript (512 of them, in up
# to 3 languages each, stay under 12 MB); a progress bar is ~0.3 KB, and a course has many
# more of them (each segment's 0-100 %), so they get their own LRU and never evict segments.
RENDERING_ENTRIES = {"segment.html": 512, "segment_progress.html": 4096, "toc_item.html": 4096}
RENDERING_DEFAULT_ENTRIES = 256
RENDERING_VARIANTS = 3  # the languages one key is kept in at a time


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

    def peek(self, key: Hashable):
        """The value kept for key, or None (no computing)."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        return None

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
_MEDIA = LRU(MEDIA_ENTRIES)
_ROWS = LRU(ROWS_ENTRIES)
_RENDERINGS = {name: LRU(size) for name, size in RENDERING_ENTRIES.items()}


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def validated_content(raw: dict) -> Content:
    """validate_content(raw), once per distinct content per process (ContentError is not cached)."""
    key = _digest(json.dumps(raw, sort_keys=True, separators=(",", ":"), default=str))
    return _CONTENT.get(key, lambda: validate_content(raw))


def clip_cues(text: str, fmt: str, start: int, end: int) -> tuple[Cue, ...]:
    """The transcript's cues cut to [start, end] in clip time (TranscriptError is not cached)."""
    key = (_digest(text), fmt, start, end)
    return _CUES.get(key, lambda: tuple(cut_cues(parse_transcript(text, fmt), start, end)))


def cue_rows(text: str, fmt: str, start: int, end: int, render: Callable[[], str]) -> str:
    """A clip's transcript rows as HTML (`render()` makes them), rendered once per process:
    they hold no translated words (times and the transcript's own text), so every language
    shares them. Most of a segment page's markup is its transcripts (12 x 12 cues in the
    benchmark's module)."""
    return _ROWS.get((_digest(text), fmt, start, end), render)


def _renderings_of(template: str) -> LRU:
    cache = _RENDERINGS.get(template)
    if cache is None:
        cache = _RENDERINGS.setdefault(template, LRU(RENDERING_DEFAULT_ENTRIES))
    return cache


def renderings(template: str, key: Hashable) -> tuple:
    """The renderings of `template` kept for key: (translations they used, markup) pairs, newest first."""
    return _renderings_of(template).peek(key) or ()


def keep_rendering(template: str, key: Hashable, translations: tuple, markup: str) -> None:
    _renderings_of(template).put(key, ((translations, markup),) + renderings(template, key)[:RENDERING_VARIANTS - 1])


def renderings_made(template: str) -> int:
    """How many renderings of `template` were made and kept (tests)."""
    return _renderings_of(template).misses


def media_links(url: str, start: int, end: int):
    """(MediaSource, "watch the full talk" link, embed URL) of a clip."""

    def compute():
        source = parse_media_url(url)
        return source, source_link(source, start), embed_url(source, start, end)

    return _MEDIA.get((url, start, end), compute)


def clear() -> None:
    """Forget everything (tests)."""
    for cache in (_CONTENT, _CUES, _MEDIA, _ROWS, *_RENDERINGS.values()):
        cache.clear()
