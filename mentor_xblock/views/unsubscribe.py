"""The unsubscribe link of our mail: signed (django.core.signing), no login needed.

GET turns the person's mail for that course off at once (one click) and offers to turn it
back on; POST does the same for mail clients' one-click (RFC 8058 `List-Unsubscribe=One-Click`)
and for the page's "resubscribe" button. An altered or foreign token changes nothing (400).
Mail scanners that follow links can only switch mail off, and the page undoes it in one click.
The page names the course and links back to it, styled by its own stylesheet (unsubscribe_css:
a file, no inline style or script, so a strict Content-Security-Policy holds).
"""
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from .. import platform
from ..errors import BadRequest
from ..models import NotificationPreference
from ..resources import static_path
from ..services import notifications


def _stylesheet() -> str:
    return reverse("mentor_xblock:unsubscribe_css")


@csrf_exempt  # the signed token is the credential; there is no session to forge a request in
def unsubscribe(request, token):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        course_key, user_id = notifications.read_unsubscribe_token(token)
    except BadRequest as error:
        return HttpResponseBadRequest(render_to_string("mentor_xblock/unsubscribe.html",
                                                       {"error": str(error), "stylesheet": _stylesheet()}))
    mode = NotificationPreference.OFF
    if request.method == "POST" and request.POST.get("action") == "resubscribe":
        mode = NotificationPreference.IMMEDIATE
    notifications.set_mode(course_key, user_id, mode)
    course_name, course_url = platform.course_home(course_key)
    response = HttpResponse(render_to_string("mentor_xblock/unsubscribe.html", {
        "mode": mode, "token": token, "stylesheet": _stylesheet(), "course_name": course_name, "course_url": course_url,
    }, request=None))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def unsubscribe_css(request):
    """The unsubscribe page's stylesheet (static/dist/unsubscribe.css, from static/css), cached for a day."""
    response = HttpResponse(static_path("dist/unsubscribe.css").read_bytes(), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
