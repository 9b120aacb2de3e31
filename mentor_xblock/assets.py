"""Reading course assets (transcript files) from wherever the runtime keeps them.

In Open edX, course assets live in the contentstore: `/static/name.vtt` (the
portable OLX form) and `/asset-v1:…` keys both resolve there. In the workbench,
demo assets are the block's own static files under /resource/mentorship/static/.
Only these forms are accepted (core.content.TRANSCRIPT_SRC_PATTERN), so the
server never fetches from another host.
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)

MAX_ASSET_BYTES = 2 * 1024 * 1024
WORKBENCH_PREFIX = "/resource/mentorship/"


def _from_contentstore(course_key, src: str) -> bytes | None:
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
    content = contentstore().find(location, throw_on_not_found=False)
    return None if content is None else content.data


def read_asset(block_class, course_key, src: str) -> str | None:
    """The asset's text, or None when this runtime can't find it (logged, never raised)."""
    try:
        if src.startswith(WORKBENCH_PREFIX):
            with block_class.open_local_resource(src[len(WORKBENCH_PREFIX):]) as handle:
                data = handle.read(MAX_ASSET_BYTES + 1)
        else:
            data = _from_contentstore(course_key, src)
    except Exception:  # pylint: disable=broad-except
        log.warning("Could not read course asset %s", src, exc_info=True)
        return None
    if data is None or len(data) > MAX_ASSET_BYTES:
        return None
    return data.decode("utf-8-sig", errors="replace")
