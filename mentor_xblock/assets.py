"""Reading course assets (transcript files) from wherever the runtime keeps them, cached per version.

In Open edX, course assets live in the contentstore: `/static/name.vtt` (the
portable OLX form) and `/asset-v1:…` keys both resolve there. In the workbench,
demo assets are the block's own static files under /resource/mentorship/static/.
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
import os

log = logging.getLogger(__name__)

MAX_ASSET_BYTES = 2 * 1024 * 1024
WORKBENCH_PREFIX = "/resource/mentorship/"
CACHE_SECONDS = 24 * 3600  # versions are in the key; this only bounds what an unused asset occupies
_MISSING = "\0missing"  # cached "this version can't be read", so a broken asset isn't re-read every view
_UNREADABLE = "\0unreadable:"  # cached with the reason: bytes whose encoding could not be identified


def _contentstore_location(course_key, src: str):
    """(contentstore, location) in edx-platform, or None elsewhere."""
    try:  # edx-platform only
        from opaque_keys.edx.keys import CourseKey  # pylint: disable=import-outside-toplevel
        from xmodule.contentstore.content import StaticContent  # pylint: disable=import-outside-toplevel
        from xmodule.contentstore.django import contentstore  # pylint: disable=import-outside-toplevel
    except ImportError:
        return None
    if src.startswith("/static/"):
        location = StaticContent.compute_location(CourseKey.from_string(str(course_key)), src[len("/static/"):])
    else:
        location = StaticContent.get_location_from_path(src)
    return contentstore(), location


def _local_path(block_class, src: str):
    from .resources import static_path  # pylint: disable=import-outside-toplevel

    uri = src[len(WORKBENCH_PREFIX):]
    prefix = block_class.public_dir + "/"
    return static_path(uri[len(prefix):]) if uri.startswith(prefix) and "/." not in uri else None


def asset_version(block_class, course_key, src: str) -> str | None:
    """A cheap fingerprint of the asset's current content, or None if it doesn't exist."""
    if src.startswith(WORKBENCH_PREFIX):
        path = _local_path(block_class, src)
        if path is None:
            return None
        stat = os.stat(path)
        return f"{stat.st_size}:{stat.st_mtime_ns}"
    found = _contentstore_location(course_key, src)
    if found is None:
        return None
    store, location = found
    try:
        attrs = store.get_attrs(location)  # metadata only (md5, uploadDate, length), not the data
    except Exception:  # pylint: disable=broad-except  # NotFoundError and store errors: no asset
        return None
    return f"{attrs.get('md5')}:{attrs.get('uploadDate')}:{attrs.get('length')}"


def read_asset_bytes(block_class, course_key, src: str) -> bytes | None:
    """The asset's bytes (at most MAX_ASSET_BYTES + 1), straight from where the runtime keeps it."""
    if src.startswith(WORKBENCH_PREFIX):
        with block_class.open_local_resource(src[len(WORKBENCH_PREFIX):]) as handle:
            return handle.read(MAX_ASSET_BYTES + 1)
    found = _contentstore_location(course_key, src)
    if found is None:
        return None
    store, location = found
    content = store.find(location, throw_on_not_found=False)
    return None if content is None else content.data


def _cache():
    from django.core.cache import cache  # pylint: disable=import-outside-toplevel

    return cache


def read_asset(block_class, course_key, src: str) -> str | None:
    """The asset's text, or None when this runtime can't find it or its bytes are not text
    whose encoding can be identified (logged, never raised; `asset_problem` says why)."""
    try:
        version = asset_version(block_class, course_key, src)
        if version is None:
            return None
        key = "mentor_xblock.asset:" + hashlib.sha256(f"{course_key}|{src}|{version}".encode()).hexdigest()
        cached = _cache().get(key)
        if cached is not None:
            return None if cached == _MISSING or cached.startswith(_UNREADABLE) else cached
        data = read_asset_bytes(block_class, course_key, src)
    except Exception:  # pylint: disable=broad-except
        log.warning("Could not read course asset %s", src, exc_info=True)
        return None
    text = None
    if data is not None and len(data) <= MAX_ASSET_BYTES:
        from .core.transcripts import TranscriptError, decode_transcript  # pylint: disable=import-outside-toplevel

        try:  # UTF-8/16 exactly, a legacy encoding only when identified: never replacement characters
            text = decode_transcript(data)
        except TranscriptError as exc:
            log.warning("Course asset %s is not readable text: %s", src, exc)
            _cache().set(key, _UNREADABLE + str(exc), CACHE_SECONDS)
            return None
    _cache().set(key, _MISSING if text is None else text, CACHE_SECONDS)
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
    cached = _cache().get(key)
    return cached[len(_UNREADABLE):] if isinstance(cached, str) and cached.startswith(_UNREADABLE) else None
