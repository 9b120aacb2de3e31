"""Reading course assets (transcript files) from wherever the runtime keeps them, cached per version.

In Open edX, course assets live in the contentstore: `/static/name.vtt` (the
portable OLX form) and `/asset-v1:…` keys both resolve there; the platform port reads
them (in the workbench, demo assets are the block's own static files).
Only these forms are accepted (core.content.TRANSCRIPT_SRC_PATTERN), so the
server never fetches from another host.

A page view asks only for the asset's version (the contentstore's metadata:
md5 and upload date; a file's size and mtime) and reads the text from Django's
cache under (course, path, version): a re-uploaded asset has a new version, so
it is read again, and nothing needs invalidating.
"""
from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache

from . import platform
from .core.transcripts import TranscriptError, decode_transcript

log = logging.getLogger(__name__)

MAX_ASSET_BYTES = 2 * 1024 * 1024
CACHE_SECONDS = 24 * 3600  # versions are in the key; this only bounds what an unused asset occupies
_MISSING = "\0missing"  # cached "this version can't be read", so a broken asset isn't re-read every view
_UNREADABLE = "\0unreadable:"  # cached with the reason: bytes whose encoding could not be identified


def asset_version(block_class, course_key, src: str) -> str | None:
    """A cheap fingerprint of the asset's current content (the platform port's), or None if it doesn't exist."""
    return platform.asset_version(block_class, course_key, src)


def read_asset_bytes(block_class, course_key, src: str) -> bytes | None:
    """The asset's bytes (at most MAX_ASSET_BYTES + 1), straight from where the runtime keeps it."""
    return platform.asset_bytes(block_class, course_key, src, MAX_ASSET_BYTES)


def read_asset(block_class, course_key, src: str) -> str | None:
    """The asset's text, or None when this runtime can't find it or its bytes are not text
    whose encoding can be identified (logged, never raised; `asset_problem` says why)."""
    try:
        version = asset_version(block_class, course_key, src)
        if version is None:
            return None
        key = "mentor_xblock.asset:" + hashlib.sha256(f"{course_key}|{src}|{version}".encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            return None if cached == _MISSING or cached.startswith(_UNREADABLE) else cached
        data = read_asset_bytes(block_class, course_key, src)
    except Exception:  # pylint: disable=broad-except
        log.warning("Could not read course asset %s", src, exc_info=True)
        return None
    text = None
    if data is not None and len(data) <= MAX_ASSET_BYTES:
        try:  # UTF-8/16 exactly, a legacy encoding only when identified: never replacement characters
            text = decode_transcript(data)
        except TranscriptError as exc:
            log.warning("Course asset %s is not readable text: %s", src, exc)
            cache.set(key, _UNREADABLE + str(exc), CACHE_SECONDS)
            return None
    cache.set(key, _MISSING if text is None else text, CACHE_SECONDS)
    return text


def asset_problem(block_class, course_key, src: str) -> str | None:
    """Why read_asset gave None for a file that exists (an author-facing sentence), else None."""
    try:
        version = asset_version(block_class, course_key, src)
    except Exception:  # pylint: disable=broad-except
        return None
    if version is None:
        return None
    key = "mentor_xblock.asset:" + hashlib.sha256(f"{course_key}|{src}|{version}".encode()).hexdigest()
    cached = cache.get(key)
    return cached[len(_UNREADABLE):] if isinstance(cached, str) and cached.startswith(_UNREADABLE) else None
