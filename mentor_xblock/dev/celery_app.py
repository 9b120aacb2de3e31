"""The workbench's Celery app: tasks run eagerly in the web process, no broker needed.

On Open edX the LMS defines the Celery app and its workers run `mentor_xblock.tasks`;
here `shared_task`s bind to this app, configured from the CELERY_* Django settings.
"""
from celery import Celery

app = Celery("mentor_workbench")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.set_default()
