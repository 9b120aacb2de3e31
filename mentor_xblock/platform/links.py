"""Absolute URLs for clients outside the page (mobile apps, the Course Blocks API)."""
from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def site_root() -> str:
    """The LMS's own address: edx-platform's LMS_ROOT_URL setting (both LMS and Studio define it)."""
    try:
        return str(getattr(settings, "LMS_ROOT_URL", "") or "").rstrip("/")
    except Exception:  # pylint: disable=broad-except  # no Django settings: leave URLs as they are
        return ""


def absolute_url(url: str | None) -> str | None:
    """`url` with scheme and host: kept if it has them, "//host/…" gets https, "/path" the LMS root."""
    if not url or urlsplit(url).scheme:
        return url
    if url.startswith("//"):
        return "https:" + url
    root = site_root()
    return root + url if root and url.startswith("/") else url
