"""Reading one field of authored input: the rules every text, number, choice, id and tag list meets.

Each reader takes the raw value (OLX attribute text, editor JSON or the stored field),
appends a located FieldError to `errors` when it is refused, and returns a usable value
either way, so the validator reports every problem at once.
"""
from __future__ import annotations

import math
import re

from ..messages import N_
from .model import FieldError

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
TAG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9 _-]{0,39}$")
# Characters XML 1.0 cannot carry (and lone surrogates): refused so that every stored text exports to OLX.
NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def shown(value) -> str:
    """A refused value as an error message quotes it: never more than a few dozen characters."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def read_int(value, path: str, errors: list[FieldError], lo: int, hi: int, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.append(FieldError(path, N_("must be a whole number, not {value}", value=shown(value))))
        return default
    if not lo <= number <= hi:
        errors.append(FieldError(path, N_("must be between {lo} and {hi}", lo=lo, hi=hi)))
    return number


def read_choice(value, path: str, choices: tuple, errors: list[FieldError], default: str) -> str:
    if value in (None, ""):
        return default
    if value not in choices:
        errors.append(FieldError(path, N_("must be one of {choices}, not {value}", choices=", ".join(choices), value=shown(value))))
        return default
    return value


def read_bool(value, path: str, errors: list[FieldError], default: bool) -> bool:
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    errors.append(FieldError(path, N_("must be true or false, not {value}", value=shown(value))))
    return default


def read_text(value, path: str, errors: list[FieldError], limit: int, required: bool = False) -> str:
    if value is not None and not isinstance(value, str):
        errors.append(FieldError(path, "must be text"))
        return ""
    text = "" if value is None else value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if required and not text:
        errors.append(FieldError(path, "is required"))
    if len(text) > limit:
        errors.append(FieldError(path, N_("is longer than {limit} characters", limit=limit)))
    if NOT_XML_CHARS.search(text):
        errors.append(FieldError(path, "contains control characters that cannot be stored"))
    return text


def read_id(value, path: str, errors: list[FieldError], seen: set[str]) -> str:
    ident = "" if value is None else str(value).strip()
    if not ID_PATTERN.match(ident):
        errors.append(FieldError(path, "id must be 1-64 letters, digits, '-' or '_', starting with a letter or digit"))
    elif ident in seen:
        errors.append(FieldError(path, N_("id {id} is used twice; ids must be unique in the block", id=repr(ident))))
    seen.add(ident)
    return ident


def finite_number(value) -> float | None:
    """A finite number from JSON (int, float) or OLX/editor text ("0.9"), else None.

    Booleans are not numbers here, and neither are 400-digit integers (float() overflows),
    "nan" or "1e999" (infinite).
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def parse_tags(value) -> list[str]:
    """Tags come as a comma-separated string (OLX) or a list (JSON); keep order, drop repeats.

    Anything else (a number, an object) reads as no tags: callers check the type first.
    """
    raw = value.split(",") if isinstance(value, str) else list(value) if isinstance(value, list) else []
    tags: list[str] = []
    for tag in raw:
        tag = str(tag).strip().lower()
        if tag and tag not in tags:
            tags.append(tag)
    return tags
