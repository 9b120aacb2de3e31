"""Learner text is plain text: these helpers count words and find links without ever parsing HTML."""
from __future__ import annotations

import re

WORD = re.compile(r"\S+")
# http(s) URLs up to whitespace or a character that can't end a URL in prose.
URL = re.compile(r"https?://[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]}]", re.IGNORECASE)


def word_count(text: str) -> int:
    return len(WORD.findall(text or ""))


def text_parts(text: str) -> list[dict]:
    """Split text into [{"text": …} | {"link": url}] so clients render links without HTML.

    Line breaks stay inside the text parts; a client shows them with white-space: pre-line.
    """
    parts: list[dict] = []
    position = 0
    for match in URL.finditer(text or ""):
        if match.start() > position:
            parts.append({"text": text[position : match.start()]})
        parts.append({"link": match.group(0)})
        position = match.end()
    if position < len(text or ""):
        parts.append({"text": text[position:]})
    return parts


def clean_text(value: str) -> str:
    """Normalise line endings and strip NULs and other control characters except tab and newline."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch in "\n\t" or ch >= " " and ch != "\x7f").strip()


def one_line(value) -> str:
    """Text for a single line (a mail header, a name in a subject): every run of whitespace,
    line and paragraph separators included, becomes one space."""
    return " ".join(str(value or "").split())


def stamp(moment) -> str:
    """A moment as a key part (an outbox item's version, a reminder's response version): "0" for none."""
    return moment.strftime("%Y%m%d%H%M%S%f") if moment else "0"
