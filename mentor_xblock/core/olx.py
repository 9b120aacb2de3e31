"""OLX <mentorship> ⇄ Content, with a hardened parser for XML we parse ourselves.

Import runs every attribute through `validate_content`, the same validator the
Studio editor uses; export writes normalised values, so export → import is lossless.
"""
from __future__ import annotations

import re

from lxml import etree

from .content import (
    Content, ContentError, FieldError, Mentoring, Prompt, Segment, validate_content, validate_settings,
)
from .media import format_timecode
from .messages import N_

MAX_OLX_BYTES = 2 * 1024 * 1024
BLOCK_ATTRS = ("completion", "grading", "watched_threshold", "late_submissions", "transcript_credit")
SEGMENT_ATTRS = ("id", "title", "expert", "expert_title", "url", "start", "end")
KNOWN_CHILDREN = ("segment", "prompt", "mentoring")
MENTORING_ATTRS = ("strategy", "mentors_per_learner", "allow_change", "tags", "response_target_hours", "nudge_days",
                   "mentor_approval", "request_expiry_days", "checkin_days")


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


_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")


def parse_olx_string(text: str | bytes) -> etree._Element:
    """Parse OLX text we receive directly (pasted content, tests), refusing DTDs outright."""
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
    except UnicodeEncodeError:  # a lone surrogate: not Unicode text, so not XML either
        raise ContentError([FieldError("olx", "contains characters that are not valid text")]) from None
    if len(data) > MAX_OLX_BYTES:
        raise ContentError([FieldError("olx", N_("is larger than {size} KB", size=MAX_OLX_BYTES // 1024))])
    if any(marker in data for marker in _DTD_MARKERS):
        # Refused before lxml sees it: nothing is declared, loaded or expanded.
        raise ContentError([FieldError("olx", "must not contain a DOCTYPE or entity declarations")])
    try:
        root = etree.fromstring(data, parser=hardened_parser())
    except etree.XMLSyntaxError as exc:
        raise ContentError([FieldError("olx", N_("is not well-formed XML (line {line}, column {column})",
                                                    line=exc.position[0], column=exc.position[1]))]) from exc
    if root.getroottree().docinfo.doctype or root.getroottree().docinfo.internalDTD is not None:
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
                    "transcript_src": transcript.get("src", "") if transcript is not None else "",
                }
            )
        elif child.tag == "prompt":
            items.append(
                {
                    "kind": "prompt",
                    "id": child.get("id"),
                    # With <criterion> children the question is the text before them, as written.
                    "text": (child.text or "").strip() if len(child) else child.text or "",
                    "min_words": child.get("min_words"),
                    "visibility": child.get("visibility"),
                    "criteria": _criteria(child, errors),
                }
            )
        elif child.tag == "mentoring":
            if mentoring is not None:
                errors.append(FieldError("mentoring", "appears twice; a block has one <mentoring> element"))
            mentoring = {name: child.get(name) for name in MENTORING_ATTRS}
        else:
            errors.append(FieldError(f"<{child.tag}>", N_("unknown element; expected one of {names}", names=", ".join(KNOWN_CHILDREN))))
    if errors:
        raise ContentError(errors)
    raw = {name: element.get(name) for name in BLOCK_ATTRS}
    raw.update(items=items, mentoring=mentoring)
    return raw


def _criteria(prompt, errors: list[FieldError]) -> list[dict]:
    """<criterion label="…"><level>Not yet</level><level>Partly</level>…</criterion> children of a prompt."""
    found = []
    for child in prompt:
        if not isinstance(child.tag, str):
            continue
        if child.tag != "criterion":
            errors.append(FieldError(f"prompt[{prompt.get('id') or '?'}]",
                                     N_("unknown element <{name}>; a prompt holds only <criterion>", name=child.tag)))
            continue
        found.append({"label": child.get("label"),
                      "levels": [(level.text or "").strip() for level in child if level.tag == "level"]})
    return found


_ITEM_PATH = re.compile(r"^(segment|prompt)\[(.*)\]\.(\w+)$")
# Fields that OLX keeps in a child element or in the element's text, not in an attribute.
_CHILD_FIELDS = {"note": "<note>", "transcript": "<transcript>", "text": "text"}


def olx_location(path: str) -> str:
    """Where a validator path lives in OLX: 'segment[why].end' → '<segment id="why"> attribute "end"'."""
    match = _ITEM_PATH.match(path)
    if match:
        tag, ident, name = match.groups()
        element = f'<{tag} id="{ident}">' if ident != "?" else f"<{tag}> (without an id)"
        if name in _CHILD_FIELDS:
            return f"{element} {_CHILD_FIELDS[name]}"
        return f'{element} attribute "{name}"'
    head, _, name = path.partition(".")
    if head == "mentoring" and name:
        return f'<mentoring> attribute "{name}"'
    if path in BLOCK_ATTRS or path in ("display_name", "weight"):
        return f'<mentorship> attribute "{path}"'
    if path.startswith("items["):
        return f"<mentorship> child {path[5:]}"
    return path if path.startswith("<") else f"<{path}>"


class OlxError(ContentError):
    """ContentError from OLX: `errors` keep editor paths, the message names elements and attributes."""

    def __init__(self, errors: list[FieldError]):
        super().__init__(errors)
        self.args = ("; ".join(f"{olx_location(e.path)}: {e.message.rstrip('.')}" for e in errors),)

    def __str__(self) -> str:
        return self.args[0]

    def located(self) -> list[dict]:
        return [{**error.to_json(), "location": olx_location(error.path)} for error in self.errors]


def parse_content(element) -> Content:
    """Validated Content from a <mentorship> element; OlxError names element and attribute."""
    try:
        return validate_content(element_to_dict(element))
    except ContentError as exc:
        raise OlxError(exc.errors) from None


SETTING_ATTRS = ("display_name", "weight")


def parse_settings(attrs) -> dict:
    """The block's display_name and weight from a <mentorship> element's attributes (any
    mapping), validated exactly as the editor validates them; OlxError names the attribute."""
    try:
        return validate_settings({name: attrs.get(name) for name in SETTING_ATTRS})
    except ContentError as exc:
        raise OlxError(exc.errors) from None


def parse_block_element(root) -> tuple[Content, dict]:
    """(content, settings) of a <mentorship> element, every problem of both reported at once."""
    errors: list[FieldError] = []
    settings: dict = {}
    content = None
    try:
        settings = parse_settings(root.attrib)
    except ContentError as exc:
        errors.extend(exc.errors)
    try:
        content = parse_content(root)
    except ContentError as exc:
        errors.extend(exc.errors)
    if errors:
        raise OlxError(errors)
    return content, settings


def parse_block_olx(text: str | bytes) -> tuple[Content, dict]:
    """Pasted OLX → (content, block settings {display_name?, weight?}), hardened and validated."""
    try:
        root = parse_olx_string(text)
    except ContentError as exc:
        raise OlxError(exc.errors) from None
    if root.tag != "mentorship":
        raise OlxError([FieldError(f"<{root.tag}>", "is not a <mentorship> element")])
    return parse_block_element(root)


def block_olx_string(content: Content, settings: dict) -> str:
    """The <mentorship> element as pretty-printed text (display_name and weight when given)."""
    root = etree.Element("mentorship")
    for name in ("display_name", "weight"):
        if settings.get(name) is not None:
            root.set(name, settings[name] if name == "display_name" else repr(float(settings[name])))
    write_content(content, root)
    return etree.tostring(root, encoding="unicode", pretty_print=True)


def _set(element, name: str, value) -> None:
    if value not in (None, ""):
        element.set(name, str(value))


def write_content(content: Content, element) -> None:
    """Fill `element` (a <mentorship>) with the content's attributes and children."""
    element.set("completion", content.completion)
    element.set("grading", content.grading)
    element.set("watched_threshold", repr(content.watched_threshold))
    element.set("late_submissions", content.late_submissions)
    if content.transcript_credit:  # written only when on, so older exports stay byte-identical
        element.set("transcript_credit", "true")
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
                # As authors wrote it ("00:01.000 --> 00:04.000", not "--&gt;"): a CDATA section, unless
                # the text itself holds the one sequence CDATA cannot ("]]>").
                transcript.text = item.transcript if "]]>" in item.transcript else etree.CDATA(item.transcript)
            elif item.transcript_src:
                etree.SubElement(child, "transcript", format=item.transcript_format, src=item.transcript_src)
        elif isinstance(item, Prompt):
            child = etree.SubElement(element, "prompt", id=item.id)
            child.set("min_words", str(item.min_words))
            child.set("visibility", item.visibility)
            child.text = item.text
            for criterion in item.criteria:
                node = etree.SubElement(child, "criterion", label=criterion.label)
                for level in criterion.levels:
                    etree.SubElement(node, "level").text = level
    if isinstance(content.mentoring, Mentoring):
        mentoring = etree.SubElement(
            element,
            "mentoring",
            strategy=content.mentoring.strategy,
            mentors_per_learner=str(content.mentoring.mentors_per_learner),
            allow_change="true" if content.mentoring.allow_change else "false",
            tags=",".join(content.mentoring.tags),
            mentor_approval="true" if content.mentoring.mentor_approval else "false",
            request_expiry_days=str(content.mentoring.request_expiry_days),
            checkin_days=str(content.mentoring.checkin_days),
        )
        # Written when not the default, so OLX from before these settings exports as it was.
        if content.mentoring.response_target_hours != 72:
            mentoring.set("response_target_hours", str(content.mentoring.response_target_hours))
        if content.mentoring.nudge_days:
            mentoring.set("nudge_days", str(content.mentoring.nudge_days))
