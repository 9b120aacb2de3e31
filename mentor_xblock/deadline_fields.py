"""Where a block's deadline comes from: the platform's `due` and `graceperiod`.

On Open edX every XBlock gets `due` (inherited from its subsection, or a learner's
personal date from edx-when) and `graceperiod` from xmodule's InheritanceMixin, which
the LMS and Studio mix into every block class. We only read them with getattr and never
declare them there: a declaration on our class would come first in the mixed class and
shadow the platform's field types (xmodule.fields.Date / Timedelta) that inheritance and
Studio's outline rely on. Outside the platform (the xblock-sdk workbench, tests) nothing
provides them, so this module declares compatible fallbacks (same names, scope and JSON
form) and the block includes them only when `xmodule` is not installed.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone as dt_timezone
from importlib.util import find_spec

from xblock.core import XBlockMixin
from xblock.fields import DateTime, Field, Scope

from .core.deadlines import OPEN, Deadline, aware, format_timedelta, parse_timedelta

PLATFORM_PROVIDES_DEADLINES = find_spec("xmodule") is not None


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


DEADLINE_FIELDS = () if PLATFORM_PROVIDES_DEADLINES else (WorkbenchDeadlineFields,)


class DeadlineMixin:
    """Mixed into MentorXBlock: the deadline, its guard and its line in the learner view."""

    @property
    def deadline(self) -> Deadline:
        due = getattr(self, "due", None)
        if not isinstance(due, datetime):  # no deadline: the grace period means nothing (and is not read)
            return Deadline(due=None, grace=None, policy=self.authored.late_submissions)
        grace = getattr(self, "graceperiod", None)
        try:
            grace = parse_timedelta(grace)
        except ValueError:
            grace = None  # an unreadable grace period means none, as the platform's Timedelta field does
        return Deadline(
            due=aware(due),
            grace=grace,
            policy=self.authored.late_submissions,
        )

    def check_deadline(self) -> bool:
        """403 "The deadline has passed." when closed; True when the work is accepted as late."""
        from .errors import Forbidden
        from .services.deadlines import check_open

        try:
            return check_open(self.deadline)
        except Forbidden as refused:
            raise Forbidden(self._(refused.message)) from None

    def grade_frozen(self) -> bool:
        from .services.deadlines import grade_frozen

        return grade_frozen(self.deadline)

    def deadline_part(self, template_context: dict, init_args: dict) -> None:
        """The deadline line (and "Late" marker) of the learner view, when the block has a due date."""
        from django.utils import timezone

        deadline = self.deadline
        if deadline.close is None:
            return
        status = deadline.status(timezone.now())
        when = deadline.close.astimezone(dt_timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        _ = self._
        if status == OPEN:
            line = _("Due {date}.").format(date=when)
        elif status == "late":
            line = _("The deadline ({date}) has passed; work you submit now is marked late.").format(date=when)
        else:
            line = _("The deadline ({date}) has passed; submissions are closed.").format(date=when)
        template_context["deadline"] = {
            "line": line, "iso": deadline.close.isoformat(), "status": status, "late_label": _("Late"),
        }
        init_args["deadline"] = {"close": deadline.close.isoformat(), "status": status}
