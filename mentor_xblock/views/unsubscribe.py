"""The unsubscribe link of our mail: signed (django.core.signing), no login needed.

GET turns the person's mail for that course off at once (one click) and offers to turn it
back on; POST does the same for mail clients' one-click (RFC 8058 `List-Unsubscribe=One-Click`)
and for the page's "resubscribe" button. An altered or foreign token changes nothing (400).
Mail scanners that follow links can only switch mail off, and the page undoes it in one click.
"""
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.views.decorators.csrf import csrf_exempt

from ..errors import BadRequest
from ..models import NotificationPreference
from ..services import notifications


@csrf_exempt  # the signed token is the credential; there is no session to forge a request in
def unsubscribe(request, token):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        course_key, user_id = notifications.read_unsubscribe_token(token)
    except BadRequest as error:
        return HttpResponseBadRequest(render_to_string("mentor_xblock/unsubscribe.html", {"error": str(error)}))
    mode = NotificationPreference.OFF
    if request.method == "POST" and request.POST.get("action") == "resubscribe":
        mode = NotificationPreference.IMMEDIATE
    notifications.set_mode(course_key, user_id, mode)
    response = HttpResponse(render_to_string("mentor_xblock/unsubscribe.html", {"mode": mode, "token": token}, request=None))
    response["Cache-Control"] = "no-store"
    return response
