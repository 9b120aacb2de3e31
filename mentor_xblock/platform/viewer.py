"""Who is looking at the block, and in which runtime: the one place that decides.

Every role decision on the server starts here; the browser never says who it is.
Each Open edX runtime builds the `user` service differently (docs/platform.md):

| context     | built by (edx-platform)                                   | what the block sees |
|-------------|-----------------------------------------------------------|---------------------|
| "lms"       | lms/djangoapps/courseware/block_render.py                 | anonymous id, user_is_staff, user_role |
| "studio"    | cms/djangoapps/contentstore/views/component.py            | `DjangoXBlockUserService(user)`, no kwargs: |
|             | (component_handler → load_services_for_studio)            | no anonymous id, user_is_staff False; plus |
|             |                                                           | the `studio_user_permissions` service |
| "preview"   | cms/djangoapps/contentstore/views/preview.py              | anonymous id "student" shared by every author |
|             |                                                           | (runtime.is_author_mode), user_is_staff False |
| "masquerade"| lms/djangoapps/courseware/masquerade.py ("View as")       | a learner: the session holds the masquerade |
| "none"      | no signed-in user (e.g. Course Blocks API collect)        | is_authenticated False |

Only "lms" viewers carry an identity the block may store data under. A preview
shares one id between all authors and a masquerade is staff acting as someone
else, so both get a viewer without an identity: nothing can be written for them,
and nobody's data is shown to them.
"""
from __future__ import annotations

from dataclasses import dataclass

try:  # edx-platform ships django-crum; a site without it has no current request to read
    from crum import get_current_request
except ImportError:  # pragma: no cover
    get_current_request = None

# preview.py's fixed anonymous id for every author (unless the course individualises it).
PREVIEW_ANONYMOUS_ID = "student"
# masquerade.py keeps the course masquerades in the Django session under this key.
MASQUERADE_SETTINGS_KEY = "masquerade_settings"


@dataclass(frozen=True)
class Viewer:
    anonymous_id: str  # what we store: the runtime's anonymous user id (retirement-friendly)
    username: str
    is_staff: bool  # course staff access (mentors and instructors both have it)
    role: str  # "student" | "staff" | "instructor"
    context: str = "lms"  # "lms" | "studio" | "preview" | "masquerade" | "none" (see the module docstring)

    @property
    def is_authenticated(self) -> bool:
        return bool(self.anonymous_id)

    @property
    def is_instructor(self) -> bool:
        return self.is_staff and self.role == "instructor"

    @property
    def read_only(self) -> bool:
        """A preview or a masquerade: shown what a learner sees, never saved as anyone."""
        return self.context in ("preview", "masquerade")


ANONYMOUS = Viewer(anonymous_id="", username="", is_staff=False, role="student", context="none")


def current_request():
    """The Django request being served, through django-crum (edx-platform installs its
    CurrentRequestUserMiddleware; the workbench settings do too), or None."""
    return get_current_request() if get_current_request is not None else None


def masquerading(course_key: str, request=None) -> bool:
    """True when course staff are viewing this course "as a learner" or "as a specific learner".

    masquerade.py stores {course_key: CourseMasquerade(role=…, user_name=…)} in the session
    (a dict with the same keys is accepted too); "View as staff" is no masquerade.
    """
    request = request if request is not None else current_request()
    session = getattr(request, "session", None)
    if session is None:
        return False
    try:
        settings = session.get(MASQUERADE_SETTINGS_KEY) or {}
    except Exception:  # pylint: disable=broad-except  # a session that can't be read is no masquerade
        return False
    for key, masquerade in dict(settings).items():
        if str(key) != str(course_key):
            continue
        if isinstance(masquerade, dict):
            role, user_name = masquerade.get("role"), masquerade.get("user_name")
        else:
            role, user_name = getattr(masquerade, "role", None), getattr(masquerade, "user_name", None)
        return role == "student" or bool(user_name)
    return False


def viewer_for(block) -> Viewer:
    service = block.runtime.service(block, "user")
    if service is None:
        return ANONYMOUS
    attrs = service.get_current_user().opt_attrs or {}
    if attrs.get("edx-platform.is_authenticated") is False:
        return ANONYMOUS
    anonymous_id = str(attrs.get("edx-platform.anonymous_user_id") or "")
    username = str(attrs.get("edx-platform.username") or "")[:150]  # the platform's limit (User.username) and our columns'
    role = str(attrs.get("edx-platform.user_role") or "student")
    if getattr(block.runtime, "is_author_mode", False) or anonymous_id == PREVIEW_ANONYMOUS_ID:
        return Viewer(anonymous_id="", username=username, is_staff=False, role=role, context="preview")
    if not anonymous_id:
        # Signed in but no anonymous id: Studio's editing runtime (component_handler).
        context = "studio" if attrs.get("edx-platform.is_authenticated") else "none"
        return Viewer(anonymous_id="", username=username, is_staff=False, role=role, context=context)
    if masquerading(block.block_ref.course_key):
        return Viewer(anonymous_id="", username=username, is_staff=False, role="student", context="masquerade")
    return Viewer(
        anonymous_id=anonymous_id,
        username=username,
        is_staff=bool(attrs.get("edx-platform.user_is_staff")),
        role=role,
    )
