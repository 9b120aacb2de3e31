"""A development `user` service: roles come from the workbench's ?student= id.

ids starting "staff" are course instructors, "mentor" are course staff (the demo
puts them in the mentor pool), anything else is a learner.

A prefix plays one of the platform's other runtimes instead, each built the way
edx-platform builds it (docs/platform.md, "Playing each runtime in the workbench"):

| ?student=                  | models                                              | the block sees |
|----------------------------|-----------------------------------------------------|----------------|
| studio:alice               | Studio editing, component_handler +                 | no anonymous id, user_is_staff False; |
|                            | load_services_for_studio (cms/.../component.py)     | studio_user_permissions.can_write True |
| studio-readonly:bob        | the same for a user without Studio write access     | can_write False |
| preview / preview:alice    | Studio preview (cms/.../views/preview.py)           | anonymous id "student", role instructor, |
|                            |                                                     | user_is_staff False |
| masq:staff_1               | LMS "View as learner" (courseware/masquerade.py)    | staff_1's own anonymous id, role student, |
|                            |                                                     | user_is_staff False; the session holds the |
|                            |                                                     | masquerade, as the LMS staff toolbar leaves it |
| as:student_2               | LMS "View as a specific learner"                    | student_2's attributes (ditto) |
| anonymous, none            | no signed-in user (Course Blocks API collect,       | is_authenticated False |
|                            | xmodule/modulestore/django.py)                      | |
"""
import hashlib
import warnings

from xblock.reference.user_service import UserService, XBlockUser

from ..platform.viewer import MASQUERADE_SETTINGS_KEY, current_request
from .courses import demo_courses


def anonymous_id_for(student_id: str) -> str:
    """Stable and opaque, like edx-platform's anonymous ids (32 hex characters)."""
    return hashlib.md5(f"mentor-dev:{student_id}".encode()).hexdigest()


ANONYMOUS_IDS = ("anonymous", "none")


def role_for(student_id: str) -> tuple[bool, str]:
    if student_id.startswith("staff"):
        return True, "instructor"
    if student_id.startswith("mentor"):
        return True, "staff"
    return False, "student"


def display_name_for(student_id: str) -> str:
    return student_id.replace("_", " ").title()


def user_id_for(student_id: str) -> int:
    """A stable integer id, like Django's User.id (edx-platform.user_id)."""
    return int(hashlib.md5(f"mentor-dev-id:{student_id}".encode()).hexdigest()[:8], 16)


def profile_for(student_id: str) -> tuple[str, str]:
    """(profile, person) from a ?student= id: ("lms", "student_1"), ("studio", "alice"), …"""
    if student_id in ANONYMOUS_IDS:  # "none" is what the workbench's /unauth_handler/ route uses
        return "anonymous", ""
    if student_id == "preview":
        return "preview", "author"
    prefix, sep, person = student_id.partition(":")
    if sep and prefix in ("studio", "studio-readonly", "preview", "masq", "as") and person:
        return prefix, person
    return "lms", student_id


class DevStudioPermissionsService:
    """Studio's StudioPermissionsService (cms/djangoapps/contentstore/utils.py): can_read/can_write a course."""

    def __init__(self, writable: bool):
        self.writable = writable

    def can_read(self, course_key) -> bool:  # pylint: disable=unused-argument
        return True

    def can_write(self, course_key) -> bool:  # pylint: disable=unused-argument
        return self.writable


class DevUserService(UserService):
    """Loaded by the workbench with no arguments; it sets `.runtime` right after."""

    runtime = None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def student_id(self) -> str:
        with warnings.catch_warnings():
            # The workbench has no other way to say who is asking than its runtime's user_id.
            warnings.simplefilter("ignore")
            return str(getattr(self.runtime, "user_id", None) or "student_1")

    def get_current_user(self):
        student_id = self.student_id()
        profile, person = profile_for(student_id)
        self._load_studio_services(profile)
        self._set_masquerade(profile, person)
        if profile == "anonymous":
            # DjangoXBlockUserService with no signed-in user: only is_authenticated False.
            user = XBlockUser(is_current_user=True)
            user.opt_attrs["edx-platform.is_authenticated"] = False
            return user
        user = XBlockUser(
            is_current_user=True,
            emails=[f"{person}@example.com"],
            full_name=display_name_for(person),
        )
        attrs = {
            "edx-platform.is_authenticated": True,
            "edx-platform.user_id": user_id_for(person),
            "edx-platform.username": person,
            "xblock-workbench.user_id": student_id,
        }
        if profile == "lms":
            is_staff, role = role_for(person)
            attrs.update({
                "edx-platform.anonymous_user_id": anonymous_id_for(person),
                "edx-platform.user_is_staff": is_staff,
                "edx-platform.user_role": role,
            })
        elif profile in ("studio", "studio-readonly"):
            # DjangoXBlockUserService(user) with no kwargs: its defaults.
            attrs.update({
                "edx-platform.anonymous_user_id": None,
                "edx-platform.user_is_staff": False,
                "edx-platform.user_role": "student",
            })
        elif profile == "preview":
            # preview.py: user_role=get_user_role(...) (course team), anonymous_user_id='student'.
            attrs.update({
                "edx-platform.anonymous_user_id": "student",
                "edx-platform.user_is_staff": False,
                "edx-platform.user_role": "instructor",
            })
        else:
            # masquerade: block_render.py binds the masqueraded user; access checks answer as a learner.
            attrs.update({
                "edx-platform.anonymous_user_id": anonymous_id_for(person),
                "edx-platform.user_is_staff": False,
                "edx-platform.user_role": "student",
            })
        user.opt_attrs.update(attrs)
        return user

    @staticmethod
    def _set_masquerade(profile: str, person: str) -> None:
        """Like the LMS staff toolbar (masquerade.py handle_ajax), which keeps the chosen
        "View as" in the session: set for the masq/as profiles, cleared for the others."""
        session = getattr(current_request(), "session", None)
        if session is None:
            return
        if profile in ("masq", "as"):
            masquerade = {"role": "student", "user_name": person if profile == "as" else None}
            session[MASQUERADE_SETTINGS_KEY] = {course_key: masquerade for course_key in demo_courses()}
        elif MASQUERADE_SETTINGS_KEY in session:
            del session[MASQUERADE_SETTINGS_KEY]

    def _load_studio_services(self, profile: str) -> None:
        """Like load_services_for_studio, which adds Studio's services to the runtime in
        component_handler: present for the studio profiles, absent for every other one."""
        services = getattr(self.runtime, "_services", None)
        if services is None:
            return
        if profile in ("studio", "studio-readonly"):
            services["studio_user_permissions"] = DevStudioPermissionsService(writable=profile == "studio")
        else:
            services.pop("studio_user_permissions", None)
