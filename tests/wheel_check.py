"""Render the block from an installed wheel (not the checkout): run by `make wheel-check`.

Fails if templates, static files or demo content did not make it into the wheel.
"""
import os
import sys
import tempfile

work = tempfile.mkdtemp(prefix="mentor-wheel-")
os.chdir(work)
os.makedirs("var")
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))]
os.environ["DJANGO_SETTINGS_MODULE"] = "mentor_xblock.dev.settings"

import django  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

django.setup()

import mentor_xblock  # noqa: E402

assert "site-packages" in mentor_xblock.__file__, f"not the installed wheel: {mentor_xblock.__file__}"
call_command("migrate", run_syncdb=True, verbosity=0)
client = Client()
page = client.get("/scenario/mentorship.0/", {"student": "student_1"})
assert page.status_code == 200, page.status_code
html = page.content.decode()
for expected in ("Start with why", "Simon Sinek", "MentorStudentView", "static/dist/learner.js"):
    assert expected in html, expected
for resource in ("static/dist/learner.js", "static/dist/learner.css", "static/dist/studio.js", "static/demo/clip.webm"):
    response = client.get(f"/resource/mentorship/{resource}")
    assert response.status_code == 200, (resource, response.status_code)
assert client.get("/resource/mentorship/static/../setup.py").status_code == 404
# Compiled catalogues where the LMS's XBlockI18nService looks: <package>/translations/<locale>/LC_MESSAGES/text.mo
for lang in ("es", "ar", "eo"):
    assert os.path.isfile(os.path.join(os.path.dirname(mentor_xblock.__file__), "translations", lang, "LC_MESSAGES",
                                       "text.mo")), lang
arabic = client.get("/scenario/mentorship.0/", {"student": "student_1"}, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
assert 'dir="rtl"' in arabic and "مرشد" in arabic, "the installed block does not speak Arabic"
# Mail templates: the LMS finds them with the app-directories loader, in the installed package.
from django.template.utils import get_app_template_dirs  # noqa: E402

ace = "mentor_xblock/edx_ace/notification/email/body.html"
assert any(os.path.isfile(os.path.join(d, ace)) for d in get_app_template_dirs("templates")), ace
from django.core import mail  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from mentor_xblock.services.notifications import enqueue, send_due  # noqa: E402

with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", MENTOR_DEV_PROGRAMME_STAFF=["staff_1"]):
    from mentor_xblock.dev.user_service import anonymous_id_for  # noqa: E402

    mail.outbox = []
    enqueue("course-v1:Wheel+Check+Run", "block", [anonymous_id_for("staff_1")], "change_request", "change:1",
            {"learner": "student_1", "reason": "Time zones", "link": "http://x/"})
    send_due()
    assert mail.outbox and "student_1 asked for a different mentor" == mail.outbox[0].subject, mail.outbox
print(f"wheel check passed: rendered the block from {os.path.dirname(mentor_xblock.__file__)}")
