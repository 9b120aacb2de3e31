"""A development `user` service: roles come from the workbench's ?student= id.

ids starting "staff" are course instructors, "mentor" are course staff (the demo
puts them in the mentor pool), anything else is a learner, except "anonymous" and
"none" (the id the workbench's /unauth_handler/ route uses): a visitor who is not
signed in, with no anonymous user id, as the LMS presents one.
"""
import hashlib
import warnings

from xblock.reference.user_service import UserService, XBlockUser


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


class DevUserService(UserService):
    """Loaded by the workbench with no arguments; it sets `.runtime` right after."""

    runtime = None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def get_current_user(self):
        with warnings.catch_warnings():
            # The workbench has no other way to say who is asking than its runtime's user_id.
            warnings.simplefilter("ignore")
            student_id = str(getattr(self.runtime, "user_id", None) or "student_1")
        if student_id in ANONYMOUS_IDS:
            user = XBlockUser(is_current_user=True)
            user.opt_attrs.update({"edx-platform.is_authenticated": False, "edx-platform.user_is_staff": False,
                                   "edx-platform.user_role": "student", "xblock-workbench.user_id": student_id})
            return user
        is_staff, role = role_for(student_id)
        user = XBlockUser(
            is_current_user=True,
            emails=[f"{student_id}@example.com"],
            full_name=display_name_for(student_id),
        )
        user.opt_attrs.update(
            {
                "edx-platform.is_authenticated": True,
                "edx-platform.username": student_id,
                "edx-platform.anonymous_user_id": anonymous_id_for(student_id),
                "edx-platform.user_is_staff": is_staff,
                "edx-platform.user_role": role,
                "xblock-workbench.user_id": student_id,
            }
        )
        return user
