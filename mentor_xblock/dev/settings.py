"""Django settings for the xblock-sdk workbench with Mentor XBlock installed.

Use: DJANGO_SETTINGS_MODULE=mentor_xblock.dev.settings django-admin runserver
The database is an embedded SQLite file in ./var unless WORKBENCH_DATABASES
(JSON, read by workbench.settings) names another, e.g. the CI's MariaDB.
"""
import importlib.util
import os
import sys

os.environ.setdefault("EXCLUDE_SAMPLE_XBLOCKS", "yes")

from workbench.settings import *  # noqa: E402,F401,F403  pylint: disable=wildcard-import,unused-wildcard-import
from workbench.settings import DATABASES, INSTALLED_APPS, MIDDLEWARE, TEMPLATES, WORKBENCH  # noqa: E402

for _db in DATABASES.values():
    if _db["ENGINE"].endswith("sqlite3"):
        # Writers take the lock when their transaction begins, so two concurrent
        # read-then-write transactions queue instead of failing "database is locked".
        _db.setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
        # A file, not shared-cache memory: the live test server answers requests from
        # several threads, and shared-cache SQLite fails on table locks instead of waiting.
        # One file per test process, so parallel runs in one checkout don't share it.
        _db.setdefault("TEST", {}).setdefault("NAME", os.path.join("var", f"test-mentor-{os.getpid()}.sqlite3"))

# edx-submissions, as the LMS installs it: mentor-assessed scores go through its API (services/grading.py).
INSTALLED_APPS = [*INSTALLED_APPS, "submissions", "mentor_xblock", "mentor_xblock.dev.apps.MentorWorkbenchConfig"]
# The platform port (mentor_xblock/platform) answers as the workbench: ?student= users, demo courses.
MENTOR_PLATFORM_BACKEND = "mentor_xblock.dev.backend.WorkbenchPlatform"
from .submissions_mariadb import patch as _patch_submissions_migration  # noqa: E402

_patch_submissions_migration()  # its 0006 fails on a fresh MariaDB (dev/submissions_mariadb.py)
# As in edx-platform: blocks reach the current request (its session holds a staff masquerade).
if importlib.util.find_spec("crum") is not None:
    MIDDLEWARE = [*MIDDLEWARE, "crum.CurrentRequestUserMiddleware"]
WORKBENCH = {
    **WORKBENCH,
    "services": {
        **WORKBENCH.get("services", {}),
        "user": "mentor_xblock.dev.user_service.DevUserService",
        # The block's own catalogue for the request's language, as the LMS loads it (dev/i18n_service.py).
        "i18n": "mentor_xblock.dev.i18n_service.DevI18nService",
    },
}
# The learner's language from the browser (Accept-Language) or ?lang= links, as the LMS picks it;
# the languages our catalogues cover, plus "eo", the pseudo-locale the tests read (docs/translations.md).
_SESSIONS = MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
MIDDLEWARE = [*MIDDLEWARE[:_SESSIONS], "mentor_xblock.dev.language.QueryLanguageMiddleware",
              "django.middleware.locale.LocaleMiddleware", *MIDDLEWARE[_SESSIONS:]]
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español"), ("ar", "العربية"), ("eo", "Pseudo-locale (tests)")]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MENTOR_LOG_LEVEL", "WARNING")},
}
ROOT_URLCONF = "mentor_xblock.dev.urls"

# Large CSV exports run as Celery tasks (mentor_xblock/tasks.py). The workbench has no broker:
# tasks run eagerly, in the request that queues them (after its transaction commits).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
from .celery_app import app as celery_app  # noqa: E402,F401  (binds shared_task to the eager app)

MEDIA_ROOT = os.path.join(os.getcwd(), "var", "media")
# Export files go to a private directory, never under MEDIA_ROOT (services/export_storage.py; in the
# LMS: MENTOR_EXPORT_STORAGE, else the platform's report store, else DATA_DIR; docs/platform.md).
MENTOR_EXPORT_ROOT = os.path.join(os.getcwd(), "var", "exports")
MENTOR_EXPORT_TASK_ROWS = 5_000  # reports with more rows run as a task (services/export_jobs.py)
MENTOR_EXPORT_RETENTION_DAYS = 7  # export files are deleted after this many days

# The demo's learner_choice module is a course of its own: a course has one programme rule
# (the strictest of its blocks), and the other demo modules use `auto`.
MENTOR_WORKBENCH_COURSES = {"mentorship-learners-choose-their-mentor": "course-v1:workbench+choice+dev",
                            "mentorship-mentors-accept-or-decline-requests": "course-v1:workbench+requests+dev"}

# edx-platform's setting for the LMS's own address; absolute URLs in student_view_data use it.
LMS_ROOT_URL = os.environ.get("MENTOR_LMS_ROOT_URL", "http://127.0.0.1:8000")

# Mail (services/notifications.py) goes through edx-ace, as in the LMS, with Django's mail.
# The workbench writes each message to a file in ./var/mail (README: "Reading the demo mail").
INSTALLED_APPS = [*INSTALLED_APPS, "edx_ace"]
ACE_ENABLED_CHANNELS = ["django_email"]
ACE_ENABLED_POLICIES = []
ACE_CHANNEL_DEFAULT_EMAIL = ACE_CHANNEL_TRANSACTIONAL_EMAIL = "django_email"
ACE_CHANNEL_DJANGO_EMAIL_FROM_ADDRESS = DEFAULT_FROM_EMAIL = "mentoring@example.com"
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.path.join(os.getcwd(), "var", "mail")
PLATFORM_NAME = "Mentor XBlock workbench"
MENTOR_DEV_PROGRAMME_STAFF = ["staff_1"]  # who runs the programme here (dev/backend.py; the LMS asks the course's roles)
# ACE finds its templates with Django's loaders: in an installed wheel they are in the app's
# templates/ directory (app directories loader, as in the LMS); in a checkout that directory is
# the repository's top-level templates/, so the workbench adds it.
# (The same choice as resources.resource_dir, which can't be imported while settings load.)
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_TEMPLATES_DIR = os.path.join(_PACKAGE, "templates")
if not os.path.isdir(_TEMPLATES_DIR):
    _TEMPLATES_DIR = os.path.join(os.path.dirname(_PACKAGE), "templates")
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], _TEMPLATES_DIR]}, *TEMPLATES[1:]]

# With the `aspects` extra (event-routing-backends) installed, the workbench runs it as the LMS does
# (a plugin app with its plugin settings, then ours), so the block's xAPI transformers register when
# the app loads (apps.py) and tests/xapi drive them (docs/platform.md "xAPI").
if importlib.util.find_spec("event_routing_backends") is not None:
    from event_routing_backends.settings.common import plugin_settings as _erb_settings  # noqa: E402

    from mentor_xblock.analytics.settings import plugin_settings as _mentor_xapi_settings  # noqa: E402

    INSTALLED_APPS = [*INSTALLED_APPS, "config_models", "event_routing_backends"]
    # Its helpers log the edx-platform they import at load time, which the workbench has not.
    LOGGING["loggers"] = {**LOGGING.get("loggers", {}), "event_routing_backends.helpers": {"level": "CRITICAL"}}
    _erb_settings(sys.modules[__name__])
    _mentor_xapi_settings(sys.modules[__name__])
