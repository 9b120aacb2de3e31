"""Django app for Mentor XBlock's shared tables, registered as an edx-platform plugin."""
import logging

from django.apps import AppConfig

log = logging.getLogger(__name__)
# edx-platform's plugin settings hooks (PluginSettings keys, spelled out as for url_config): with
# event-routing-backends installed, our events are allowed through its xAPI backend (analytics/settings.py).
_SETTINGS = {kind: {"relative_path": "analytics.settings"} for kind in ("common", "production", "devstack")}


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
        "settings_config": {"lms.djangoapp": _SETTINGS, "cms.djangoapp": _SETTINGS},
    }

    def ready(self):
        # Imported here, not at the top: this module is loaded while Django reads its settings
        # (edx-platform's plugin loader), before models can be imported.
        from . import receivers  # noqa: PLC0415

        receivers.connect()
        if self.apps.is_installed("event_routing_backends"):  # the LMS and Studio install it as a plugin app
            register_xapi_transformers()


def register_xapi_transformers() -> list:
    """Where event-routing-backends runs (the `aspects` extra, an installed app), its xAPI registry learns
    our events (analytics/xapi.py). Imported here: the module imports that optional package."""
    try:
        from .analytics.xapi import register  # noqa: PLC0415
    except ImportError as missing:  # an incompatible event-routing-backends must not stop the LMS
        log.warning("Mentor XBlock's xAPI transformers are not registered: %s", missing)
        return []
    return register()
