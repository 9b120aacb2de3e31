"""The deadline line (and "Late" marker) of the learner view, when the block has a due date."""
from __future__ import annotations

from datetime import timezone as dt_timezone

from django.utils import timezone

from ..core.deadlines import LATE, OPEN


def deadline_part(block, template_context: dict, init_args: dict) -> None:
    deadline = block.deadline
    if deadline.close is None:
        return
    status = deadline.status(timezone.now())
    when = deadline.close.astimezone(dt_timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    _ = block._
    if status == OPEN:
        line = _("Due {date}.").format(date=when)
    elif status == LATE:
        line = _("The deadline ({date}) has passed; work you submit now is marked late.").format(date=when)
    else:
        line = _("The deadline ({date}) has passed; submissions are closed.").format(date=when)
    template_context["deadline"] = {
        "line": line, "iso": deadline.close.isoformat(), "status": status, "late_label": _("Late"),
    }
    init_args["deadline"] = {"close": deadline.close.isoformat(), "status": status}
