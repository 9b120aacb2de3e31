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
                "relative_path": "urls",
            },
        },
    }

    def ready(self):
        # Imported here, not at the top: this module is loaded while Django reads its settings
        # (edx-platform's plugin loader), before models can be imported.
        from . import receivers  # noqa: PLC0415

        receivers.connect()
