"""Django app for Mentor XBlock's shared tables, registered as an edx-platform plugin."""
from django.apps import AppConfig


class MentorXBlockConfig(AppConfig):
    name = "mentor_xblock"
    verbose_name = "Mentor XBlock"
    default_auto_field = "django.db.models.BigAutoField"

    # edx-platform's plugin system (edx_django_utils.plugins) reads this: the app and its
    # migrations install in the LMS and Studio with no settings change, and the LMS serves the
    # one-click unsubscribe link of our mail at /mentor_xblock/unsubscribe/<token>/
    # (PluginURLs keys, spelled out so that the package does not need edx-django-utils).
    plugin_app = {
        "url_config": {
            "lms.djangoapp": {
                "namespace": "mentor_xblock",
                "app_name": "mentor_xblock",
                "regex": r"^mentor_xblock/",
                "relative_path": "notification_urls",
            },
        },
    }

    def ready(self):
        # Inside edx-platform only (in the workbench these imports fail and nothing is connected).
        try:
            from xmodule.modulestore.django import SignalHandler  # noqa: PLC0415
        except ImportError:
            SignalHandler = None
        if SignalHandler is not None:  # pragma: no cover - needs edx-platform
            # Publishing a course records its mentorship blocks' settings: the course's
            # programme rule (the strictest of its blocks) is then known without rendering.
            from .services.programme.published import on_course_published  # noqa: PLC0415

            SignalHandler.course_published.connect(on_course_published, dispatch_uid="mentor_xblock_programme_blocks")
        # In the LMS, retire Mentor XBlock data with the rest of a user's data.
        try:
            from openedx.core.djangoapps.user_api.accounts.signals import USER_RETIRE_LMS_MISC  # noqa: PLC0415
        except ImportError:
            return  # not running inside edx-platform (e.g. the workbench)
        USER_RETIRE_LMS_MISC.connect(_retire_lms_user, dispatch_uid="mentor_xblock_retire")


def _retire_lms_user(sender, user=None, **kwargs):  # pragma: no cover - needs edx-platform
    from common.djangoapps.student.models import AnonymousUserId  # noqa: PLC0415

    from .services.retirement import retire

    retire(AnonymousUserId.objects.filter(user=user).values_list("anonymous_user_id", flat=True))
