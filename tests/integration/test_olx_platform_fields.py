"""OLX keeps every field, including the settings the platform mixes into blocks.

edx-platform mixes settings.XBLOCK_MIXINS into every block class through the runtime's
Mixologist (xmodule/modulestore/django.py passes xblock_mixins to the modulestore;
preview.py passes mixins=settings.XBLOCK_MIXINS). The workbench mixes nothing, so these
tests give the real WorkbenchRuntime a Mixologist with test-only mixins holding the same
fields as the platform's:
- InheritanceMixin (xmodule/modulestore/inheritance.py): due, visible_to_staff_only,
  days_early_for_beta (Scope.settings, inherited down the course tree);
- LmsBlockMixin (lms/djangoapps/lms_xblock/mixin.py): group_access (Scope.settings).
Export → import → compare is what course export/import and Studio copy/paste do.
"""
import datetime
import io

import pytest
from lxml import etree
from xblock.core import XBlockMixin
from xblock.fields import Boolean, Date, Dict, Float, Scope, String
from xblock.runtime import Mixologist

from tests.conftest import olx


class InheritanceMixinFields(XBlockMixin):
    """The shape of edx-platform's InheritanceMixin fields used here."""

    due = Date(scope=Scope.settings)
    visible_to_staff_only = Boolean(scope=Scope.settings, default=False)
    days_early_for_beta = Float(scope=Scope.settings, default=None)
    course_edit_method = String(scope=Scope.settings, default="Studio")


class LmsBlockMixinFields(XBlockMixin):
    """The shape of edx-platform's LmsBlockMixin.group_access."""

    group_access = Dict(scope=Scope.settings, default={})
    xml_note = String(scope=Scope.settings, default="", xml_node=True)  # an xml_node field, as XBlock allows


def platform_runtime(student="staff_1"):
    from workbench.runtime import WorkbenchRuntime

    runtime = WorkbenchRuntime(student)
    runtime.mixologist = Mixologist([InheritanceMixinFields, LmsBlockMixinFields])
    return runtime


def import_olx(xml: str, name: str):
    runtime = platform_runtime()
    runtime.id_generator.set_scenario(name)
    return runtime.get_block(runtime.parse_xml_string(xml.encode()))


def export_olx(block) -> str:
    out = io.BytesIO()
    block.runtime.export_to_xml(block, out)
    return out.getvalue().decode()


def fields_of(block) -> dict:
    return {name: field.read_from(block) for name, field in block.fields.items()
            if field.scope in (Scope.settings, Scope.content) and name not in ("children", "parent")}


def test_export_then_import_keeps_platform_settings(workbench):
    block = import_olx(olx("three_segments.xml"), "platform-fields")
    block.visible_to_staff_only = True
    block.group_access = {"50": [1, 2]}
    block.due = datetime.datetime(2030, 1, 2, 3, 4, tzinfo=datetime.timezone.utc)
    block.days_early_for_beta = None  # explicitly None: an empty attribute, as XBlock writes it
    block.course_edit_method = None  # a String set to None: <option:course_edit_method none="true"/>
    block.xml_note = "kept as a child element"
    block.display_name = "With settings"
    block.save()

    exported = export_olx(block)
    root = etree.fromstring(exported.encode())
    assert root.get("visible_to_staff_only") == "true"
    assert root.get("due").startswith("2030-01-02T03:04")
    assert '"50"' in root.get("group_access")
    option = root.find("{http://code.edx.org/xblock/option}course_edit_method")
    assert option is not None and option.get("none") == "true"

    again = import_olx(exported, "platform-fields-again")
    assert fields_of(again) == fields_of(block)
    assert again.visible_to_staff_only is True
    assert again.group_access == {"50": [1, 2]}
    assert again.due == block.due
    assert again.fields["days_early_for_beta"].is_set_on(again) and again.days_early_for_beta is None
    assert again.fields["course_edit_method"].is_set_on(again) and again.course_edit_method is None
    assert again.xml_note == "kept as a child element"
    assert again.content == block.content
    assert export_olx(again) == exported  # a second round trip changes nothing


def test_unset_platform_settings_are_not_written(workbench):
    block = import_olx(olx("three_segments.xml"), "platform-defaults")
    root = etree.fromstring(export_olx(block).encode())
    for name in ("visible_to_staff_only", "group_access", "due"):
        assert root.get(name) is None


def test_a_runtime_without_the_mixins_ignores_their_settings(workbench):
    """The workbench imports OLX exported from a platform course (unknown settings are skipped)."""
    from workbench.runtime import WorkbenchRuntime

    xml = olx("three_segments.xml").replace("<mentorship ", '<mentorship visible_to_staff_only="true" url_name="x" ', 1)
    runtime = WorkbenchRuntime("staff_1")
    runtime.id_generator.set_scenario("plain")
    block = runtime.get_block(runtime.parse_xml_string(xml))
    assert "visible_to_staff_only" not in block.fields and block.authored.segments


def test_an_invalid_platform_setting_is_a_clear_error(workbench):
    xml = olx("three_segments.xml").replace("<mentorship ", '<mentorship due="not a date" ', 1)
    with pytest.raises(ValueError, match='attribute "due"'):
        import_olx(xml, "bad-due")
