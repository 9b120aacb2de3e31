"""Where the block's templates and static files are, installed or in a checkout.

In the wheel they sit inside the package (mentor_xblock/static, mentor_xblock/templates);
in a source checkout they are the repository's top-level static/ and templates/.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def static_path(relative: str) -> Path | None:
    """A file below static/, or None if the path is unsafe or missing."""
    root = resource_dir("static").resolve()
    candidate = (root / relative).resolve()
    if root not in candidate.parents or not candidate.is_file():
        return None
    return candidate
