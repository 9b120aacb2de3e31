"""JSON handler plumbing: one decorator that parses input and turns refusals into 4xx JSON.

Handlers stay thin: they read the payload, call one service function and shape the answer.
"""
from __future__ import annotations

import functools
import json
import logging

from django.core.exceptions import RequestDataTooBig
from webob import Response
from xblock.core import XBlock

from .errors import ApiError, BadRequest, Conflict, Forbidden, NotFound, TooManyRequests  # noqa: F401  (re-exported)

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024
# What the Studio editor may send: a whole block with its transcripts. Django refuses
# bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default) before we see them.
MAX_AUTHORING_BYTES = 2_500_000


def json_response(data, status: int = 200) -> Response:
    return Response(
        json.dumps(data), status=status, content_type="application/json", charset="utf8"
    )


def error_response(message: str, status: int) -> Response:
    return json_response({"error": message}, status=status)


def _payload(request, max_bytes: int) -> dict:
    content_type = (request.content_type or "").lower()
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        # navigator.sendBeacon cannot set headers, so it sends a form with the CSRF
        # token and the JSON document in a `payload` field (the CSRF check has
        # already read the form, so the raw body is gone).
        raw = request.POST.get("payload", "")
    else:
        try:
            raw = request.body.decode("utf-8", errors="replace")
        except RequestDataTooBig as exc:
            raise BadRequest(f"The request is larger than {max_bytes // 1024} KB.") from exc
    if len(raw) > max_bytes:
        raise BadRequest(f"The request is larger than {max_bytes // 1024} KB.")
    try:
        data = json.loads(raw) if raw.strip() else {}
    except ValueError as exc:
        raise BadRequest("The request body is not valid JSON.") from exc
    if not isinstance(data, dict):
        raise BadRequest("The request body must be a JSON object.")
    return data


def api_handler(methods=("POST",), max_bytes: int = MAX_BODY_BYTES):
    """Mark a method as an XBlock handler speaking JSON.

    POST handlers receive the decoded JSON object (at most `max_bytes`); GET
    handlers receive the query parameters as a dict. ApiError becomes its status
    with {"error": …}.
    """

    def decorate(func):
        @XBlock.handler
        @functools.wraps(func)
        def wrapper(self, request, suffix=""):
            if request.method not in methods:
                response = error_response(f"Use {' or '.join(methods)} for this handler.", 405)
                response.allow = list(methods)
                return response
            try:
                data = _payload(request, max_bytes) if request.method == "POST" else dict(request.GET)
                result = func(self, data, suffix)
            except ApiError as exc:
                return json_response({"error": exc.message, **exc.extra}, status=exc.status)
            if isinstance(result, Response):
                return result
            return json_response(result)

        return wrapper

    return decorate


def require(data: dict, name: str, kind=str, max_length: int = 200):
    """A required field of the given type, or a 400 naming it."""
    value = data.get(name)
    if value is None or (kind is str and not str(value).strip()):
        raise BadRequest(f"'{name}' is required.")
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise BadRequest(f"'{name}' must be a {kind.__name__}.")
    if kind is str and len(value) > max_length:
        raise BadRequest(f"'{name}' is longer than {max_length} characters.")
    return value
