"""Where a block's deadline comes from: the platform's `due` and `graceperiod` (and, beside
them, `show_correctness`: when learners may see their score).

On Open edX every XBlock gets `due` (inherited from its subsection, or a learner's
personal date from edx-when), `graceperiod` and `show_correctness` ("always", "never",
"past_due", set on the subsection) from xmodule's InheritanceMixin, which
the LMS and Studio mix into every block class. We only read them with getattr and never
declare them there: a declaration on our class would come first in the mixed class and
shadow the platform's field types (xmodule.fields.Date / Timedelta) that inheritance and
Studio's outline rely on. Outside the platform (the xblock-sdk workbench, tests) nothing
provides them, so this module declares compatible fallbacks (same names, scope and JSON
form) and the block includes them only when `xmodule` is not installed.
"""
from __future__ import annotations

from datetime import timedelta

from xblock.core import XBlockMixin
from xblock.fields import DateTime, Field, Scope, String

from . import platform
from .core.deadlines import format_timedelta, parse_timedelta

PLATFORM_PROVIDES_DEADLINES = platform.provides_inherited_fields()


class Timedelta(Field):
    """A duration stored as the platform stores graceperiod: "1 day 12 hours"."""

    _type = timedelta

    def from_json(self, value):
        try:
            return parse_timedelta(value)
        except ValueError:
            return None  # as the platform's Timedelta field reads a malformed value

    def to_json(self, value):
        return format_timedelta(value)


class WorkbenchDeadlineFields(XBlockMixin):
    """The platform's inheritable deadline fields, for runtimes that don't provide them."""

    due = DateTime(help="Date that this block is due by (the subsection's on Open edX)", scope=Scope.settings)
    graceperiod = Timedelta(help="Amount of time after the due date that submissions will be accepted",
                            scope=Scope.settings)
    show_correctness = String(help='When learners see their score: "always", "never" or "past_due" '
                                   "(the subsection's on Open edX)", scope=Scope.settings, default="always")


DEADLINE_FIELDS = () if PLATFORM_PROVIDES_DEADLINES else (WorkbenchDeadlineFields,)
