"""The workbench as a Django app of its own (dev settings only): its `mentor_demo_data` command."""
from django.apps import AppConfig


class MentorWorkbenchConfig(AppConfig):
    name = "mentor_xblock.dev"
    label = "mentor_xblock_dev"
    verbose_name = "Mentor XBlock workbench"
