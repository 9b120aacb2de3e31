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
for expected in ("Start with why", "Simon Sinek", "MentorStudentView", "static/js/student_view.js"):
    assert expected in html, expected
for resource in ("static/js/student_view.js", "static/css/mentorship.css", "static/demo/clip.webm"):
    response = client.get(f"/resource/mentorship/{resource}")
    assert response.status_code == 200, (resource, response.status_code)
assert client.get("/resource/mentorship/static/../setup.py").status_code == 404
print(f"wheel check passed: rendered the block from {os.path.dirname(mentor_xblock.__file__)}")
