"""The block's other fields in OLX: platform settings mixed into the block, kept on export and import.

edx-platform mixes fields into every block (settings.XBLOCK_MIXINS: InheritanceMixin in
xmodule/modulestore/inheritance.py gives `due`, `graceperiod`, `visible_to_staff_only`…;
LmsBlockMixin in lms/djangoapps/lms_xblock/mixin.py gives `group_access`…). XBlock's own
add_xml_to_node writes every set field as an attribute (or an option-namespace child for
None and xml_node fields); MentorXBlock writes its content itself, so it writes the other
fields here the same way, with values written and read as the platform's XmlMixin
does (serialize_field/deserialize_field), and reads them back in parse_xml.
"""
from __future__ import annotations

import copy
import json

from lxml import etree
from xblock.core import XML_NAMESPACES
from xblock.fields import Scope, String

from .core.olx import BLOCK_ATTRS

OPTION_NS = XML_NAMESPACES["option"]
# Written by MentorXBlock itself (display_name, weight, the content) or structure, not settings.
OWN = frozenset(("display_name", "weight", "content", "children", "parent"))


def portable_fields(block):
    """(name, field) for the fields OLX keeps besides ours: authored scopes, no name clash."""
    for name, field in block.fields.items():
        if name in OWN or name in BLOCK_ATTRS:
            continue
        if field.scope in (Scope.settings, Scope.content):
            yield name, field


def to_xml_text(field, value):
    """As edx-platform's serialize_field (xmodule/xml_block.py): strings as they are
    (due="2030-01-02T03:04:00Z"), anything else as JSON (group_access='{"50": [1]}')."""
    value = field.to_json(value)
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True)


def from_xml_text(field, text: str):
    """As edx-platform's deserialize_field: JSON when it parses as the field's type, else the text."""
    if isinstance(field, String):
        return field.from_json(text)
    try:
        return field.from_json(json.loads(text))
    except (ValueError, TypeError):
        return field.from_json(text)


def write_fields(block, node) -> None:
    """Add every set (or force-exported) portable field to `node`, as XBlock.add_xml_to_node does."""
    for name, field in portable_fields(block):
        if not (field.is_set_on(block) or field.force_export):
            continue
        value = to_xml_text(field, field.read_from(block))
        if value is None and field.none_to_xml:
            etree.SubElement(node, etree.QName(OPTION_NS, name), {"none": "true"})
        elif field.xml_node:
            etree.SubElement(node, etree.QName(OPTION_NS, name)).text = "" if value is None else value
        else:
            node.set(name, "" if value is None else value)


def split_options(node):
    """(node without option-namespace children, {name: (text, attrib)}) — our content parser
    knows only <segment>, <prompt> and <mentoring>."""
    options = {}
    if not any(isinstance(child.tag, str) and etree.QName(child).namespace == OPTION_NS for child in node):
        return node, options
    node = copy.deepcopy(node)
    for child in list(node):
        if isinstance(child.tag, str) and etree.QName(child).namespace == OPTION_NS:
            options[etree.QName(child).localname] = (child.text, dict(child.attrib))
            node.remove(child)
    return node, options


def read_fields(block, node, options: dict) -> None:
    """Set the portable fields found as attributes or option children (unknown names are ignored:
    url_name, xblock-family and settings of mixins this runtime doesn't have)."""
    portable = dict(portable_fields(block))
    found = {name: (value, {}) for name, value in node.items() if name in portable}
    found.update((name, option) for name, option in options.items() if name in portable)
    for name, (value, attrib) in found.items():
        field = portable[name]
        try:
            parsed = None if attrib.get("none") == "true" else from_xml_text(field, value or "")
        except (ValueError, TypeError) as exc:
            raise ValueError(f'<mentorship>: attribute "{name}" has an invalid value {value!r}') from exc
        setattr(block, name, parsed)
