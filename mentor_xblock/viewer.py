"""Who is looking at the block, read from the runtime `user` service.

Every role decision on the server starts here; the browser never says who it is.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Viewer:
    anonymous_id: str  # what we store: the runtime's anonymous user id (retirement-friendly)
    username: str
    is_staff: bool  # course staff access (mentors and instructors both have it)
    role: str  # "student" | "staff" | "instructor"

    @property
    def is_authenticated(self) -> bool:
        return bool(self.anonymous_id)

    @property
    def is_instructor(self) -> bool:
        return self.is_staff and self.role == "instructor"


ANONYMOUS = Viewer(anonymous_id="", username="", is_staff=False, role="student")


def viewer_for(block) -> Viewer:
    service = block.runtime.service(block, "user")
    if service is None:
        return ANONYMOUS
    user = service.get_current_user()
    attrs = user.opt_attrs or {}
    anonymous_id = attrs.get("edx-platform.anonymous_user_id") or ""
    if not anonymous_id or attrs.get("edx-platform.is_authenticated") is False:
        return ANONYMOUS
    return Viewer(
        anonymous_id=str(anonymous_id),
        username=str(attrs.get("edx-platform.username") or ""),
        is_staff=bool(attrs.get("edx-platform.user_is_staff")),
        role=str(attrs.get("edx-platform.user_role") or "student"),
    )
