"""OLX <mentorship> ⇄ Content, with a hardened parser for XML we parse ourselves.

Import runs every attribute through `validate_content`, the same validator the
Studio editor uses; export writes normalised values, so export → import is lossless.
"""
from __future__ import annotations

from lxml import etree

from .content import Content, ContentError, FieldError, Mentoring, Prompt, Segment, validate_content
from .media import format_timecode

MAX_OLX_BYTES = 2 * 1024 * 1024
BLOCK_ATTRS = ("completion", "grading", "watched_threshold")
SEGMENT_ATTRS = ("id", "title", "expert", "expert_title", "url", "start", "end")
KNOWN_CHILDREN = ("segment", "prompt", "mentoring")


def hardened_parser() -> etree.XMLParser:
    """No entity expansion, no DTD loading, no network, no huge trees."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_olx_string(text: str | bytes) -> etree._Element:
    """Parse OLX text we receive directly (pasted content, tests), refusing DTDs outright."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if len(data) > MAX_OLX_BYTES:
        raise ContentError([FieldError("olx", f"is larger than {MAX_OLX_BYTES // 1024} KB")])
    try:
        root = etree.fromstring(data, parser=hardened_parser())
    except etree.XMLSyntaxError as exc:
        raise ContentError([FieldError("olx", f"is not well-formed XML: {exc}")]) from exc
    if root.getroottree().docinfo.doctype:
        # Entity tricks (billion laughs, external entities) all need a DTD.
        raise ContentError([FieldError("olx", "must not contain a DOCTYPE or entity declarations")])
    return root


def _child_text(element, tag: str) -> str:
    child = element.find(tag)
    return (child.text or "") if child is not None else ""


def element_to_dict(element) -> dict:
    """The raw dict form of a <mentorship> element, checked for unknown children only."""
    errors: list[FieldError] = []
    items: list[dict] = []
    mentoring = None
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions carry no content
        if child.tag == "segment":
            transcript = child.find("transcript")
            items.append(
                {
                    "kind": "segment",
                    **{name: child.get(name) for name in SEGMENT_ATTRS},
                    "note": _child_text(child, "note"),
                    "transcript": (transcript.text or "") if transcript is not None else "",
                    "transcript_format": transcript.get("format", "vtt") if transcript is not None else "vtt",
                }
            )
        elif child.tag == "prompt":
            items.append(
                {
                    "kind": "prompt",
                    "id": child.get("id"),
                    "text": child.text or "",
                    "min_words": child.get("min_words"),
                    "visibility": child.get("visibility"),
                }
            )
        elif child.tag == "mentoring":
            if mentoring is not None:
                errors.append(FieldError("mentoring", "appears twice; a block has one <mentoring> element"))
            mentoring = {name: child.get(name) for name in ("strategy", "mentors_per_learner", "allow_change", "tags")}
        else:
            errors.append(FieldError(f"<{child.tag}>", f"unknown element; expected one of {', '.join(KNOWN_CHILDREN)}"))
    if errors:
        raise ContentError(errors)
    raw = {name: element.get(name) for name in BLOCK_ATTRS}
    raw.update(items=items, mentoring=mentoring)
    return raw


def parse_content(element) -> Content:
    """Validated Content from a <mentorship> element; ContentError names element and attribute."""
    return validate_content(element_to_dict(element))


def _set(element, name: str, value) -> None:
    if value not in (None, ""):
        element.set(name, str(value))


def write_content(content: Content, element) -> None:
    """Fill `element` (a <mentorship>) with the content's attributes and children."""
    element.set("completion", content.completion)
    element.set("grading", content.grading)
    element.set("watched_threshold", repr(content.watched_threshold))
    for item in content.items:
        if isinstance(item, Segment):
            child = etree.SubElement(element, "segment")
            for name in ("id", "title", "expert", "expert_title", "url"):
                _set(child, name, getattr(item, name))
            child.set("start", format_timecode(item.start))
            child.set("end", format_timecode(item.end))
            if item.note:
                etree.SubElement(child, "note").text = item.note
            if item.transcript:
                transcript = etree.SubElement(child, "transcript", format=item.transcript_format)
                transcript.text = item.transcript
        elif isinstance(item, Prompt):
            child = etree.SubElement(element, "prompt", id=item.id)
            child.set("min_words", str(item.min_words))
            child.set("visibility", item.visibility)
            child.text = item.text
    if isinstance(content.mentoring, Mentoring):
        etree.SubElement(
            element,
            "mentoring",
            strategy=content.mentoring.strategy,
            mentors_per_learner=str(content.mentoring.mentors_per_learner),
            allow_change="true" if content.mentoring.allow_change else "false",
            tags=",".join(content.mentoring.tags),
        )
