"""Django app for Mentor XBlock's shared tables, registered as an edx-platform plugin."""
from django.apps import AppConfig


class MentorXBlockConfig(AppConfig):
    name = "mentor_xblock"
    verbose_name = "Mentor XBlock"
    default_auto_field = "django.db.models.BigAutoField"

    # edx-platform's plugin system reads this; an empty config installs the app
    # (and its migrations) in the LMS and Studio with no settings change.
    plugin_app = {}
