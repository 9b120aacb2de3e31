"""The difference between two versions of a text at a glance: words kept, added and removed.

Pure (difflib). The mentor's queue shows a revised response's changes with it (issue 21).
"""
from __future__ import annotations

import difflib
import re

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]+")
MAX_TOKENS = 4000  # past this, the changes are one removal and one addition (the diff is quadratic)


def word_changes(before: str, after: str) -> list[dict]:
    """[{"op": "same" | "added" | "removed", "text": "…"}, …] turning `before` into `after`, by words
    (white space kept with the words), neighbouring parts of one kind joined."""
    old, new = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    if len(old) + len(new) > MAX_TOKENS:
        parts = [("removed", before), ("added", after)]
    else:
        parts = []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if tag == "equal":
                parts.append(("same", "".join(old[i1:i2])))
                continue
            if i2 > i1:
                parts.append(("removed", "".join(old[i1:i2])))
            if j2 > j1:
                parts.append(("added", "".join(new[j1:j2])))
    joined: list[dict] = []
    for op, text in parts:
        if not text:
            continue
        if joined and joined[-1]["op"] == op:
            joined[-1]["text"] += text
        else:
            joined.append({"op": op, "text": text})
    return joined
