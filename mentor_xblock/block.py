"""The XBlock: OLX, scoring and completion, composed of the shared base, the handlers and the views.

Rules live in core/ and services/; what every part shares is base.BlockBase; the JSON
handlers are handlers/; the views are functions in views/.
"""
from __future__ import annotations

from xblock.core import XBlock

from .base import BlockBase
from .core.content import ContentError
from .core.olx import parse_block_element, write_content
from .core.scoring import points_possible
from .deadline_fields import DEADLINE_FIELDS
from .handlers.checkins import CheckinHandlers
from .handlers.dashboards import DashboardHandlers
from .handlers.exports import ExportHandlers
from .handlers.programme import ProgrammeHandlers
from .handlers.prompts import PromptHandlers
from .handlers.studio import StudioHandlers
from .handlers.video import VideoHandlers
from .olx_fields import read_fields, split_options, write_fields
from .resources import static_path
from .views import learner, studio


@XBlock.needs("user")
@XBlock.needs("i18n")
@XBlock.wants("studio_user_permissions")  # Studio's editing runtime only (see permissions.py)
class MentorXBlock(StudioHandlers, DashboardHandlers, ExportHandlers, PromptHandlers, ProgrammeHandlers, CheckinHandlers,
                   VideoHandlers, *DEADLINE_FIELDS, BlockBase):
    """Curated expert video segments, reflections and mentoring in one block."""

    has_custom_completion = True
    public_dir = "static"

    # --- OLX ---------------------------------------------------------------------

    @classmethod
    def parse_xml(cls, node, runtime, keys, *args, **kwargs):  # pylint: disable=arguments-differ
        block = runtime.construct_xblock_from_class(cls, keys)
        node, options = split_options(node)  # platform settings stored as option children
        try:  # settings are validated as the editor validates them, so what imports also saves
            content, settings = parse_block_element(node)
        except ContentError as exc:
            raise ValueError(f"<mentorship>: {exc}") from exc
        block.content = content.to_dict()
        for name, value in settings.items():
            setattr(block, name, value)
        read_fields(block, node, options)  # every other field: visible_to_staff_only, group_access, due…
        return block

    def add_xml_to_node(self, node):
        node.tag = "mentorship"
        if self.fields["display_name"].is_set_on(self):
            node.set("display_name", self.display_name)
        if self.fields["weight"].is_set_on(self):
            node.set("weight", repr(self.weight))
        write_fields(self, node)  # every other set field, as XBlock.add_xml_to_node writes it
        write_content(self.authored, node)

    # --- scoring -------------------------------------------------------------------

    @property
    def has_score(self) -> bool:
        """Graded when the author chose participation or mentor-assessed grading."""
        return self.authored.grading in ("participation", "mentor_assessed")

    def max_score(self):
        """Participation: a share of 1, which the LMS scales by `weight`. Mentor-assessed: the block's
        whole points in `weight`, as the submissions API will hold them (services/grading.py), so the
        Progress page shows the same possible points before and after a review (docs/olx.md "Grading")."""
        if self.authored.grading == "mentor_assessed":
            return float(points_possible(self.weight, len(self.authored.prompts)))
        return 1.0 if self.has_score else None

    # --- views ---------------------------------------------------------------------

    # The Open edX apps show the block in their web view: the view works at 375 px with touch
    # (tests/browser/test_mobile_and_rtl.py), and student_view_data carries the native data.
    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        return learner.student_view(self, context)

    def student_view_data(self, context=None):
        """The block for mobile apps and the Course Blocks API (see docs/api.md). No database."""
        return learner.student_view_data(self)

    def studio_view(self, context=None):
        return studio.studio_view(self, context)

    def author_view(self, context=None):
        """A compact summary for Studio's unit page; no player, nothing loads from video sites."""
        return studio.author_view(self, context)

    def validate(self):
        return studio.add_validation(self, super().validate())

    @classmethod
    def open_local_resource(cls, uri):
        """Serve files below static/ only (installed or checkout layout)."""
        if isinstance(uri, bytes):
            uri = uri.decode("utf-8")
        prefix = cls.public_dir + "/"
        path = static_path(uri[len(prefix):]) if uri.startswith(prefix) and "/." not in uri else None
        if path is None:
            raise FileNotFoundError(uri)
        return path.open("rb")

    @staticmethod
    def workbench_scenarios():
        # The xblock-sdk's hook: the only import of dev/ outside it, and only the workbench calls it.
        from .dev.scenarios import workbench_scenarios  # pylint: disable=import-outside-toplevel

        return workbench_scenarios()
