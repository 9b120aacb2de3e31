"""JSON handler plumbing: one decorator that checks input and turns refusals into 4xx JSON.

Handlers stay thin: they read the payload, call one service function and shape the answer.
Every handler's input passes the same guard first (docs/api.md "Input rules"), so a
service never meets a value Python or the database cannot handle: JSON nested at most
MAX_DEPTH deep, integers of at most MAX_INT_DIGITS digits, finite numbers, text that is
valid Unicode (no lone surrogates, which no database can store), bodies counted in bytes.
"""
from __future__ import annotations

import functools
import json
import math
import re

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from webob import Response
from xblock.core import XBlock

from ..core.messages import N_, Message, translate
from ..errors import ApiError, BadRequest
from ..rendering import i18n_service

MAX_BODY_BYTES = 256 * 1024
# One limit for what the Studio editor (a whole block with its transcripts) and the CSV
# import may send: Django's default DATA_UPLOAD_MAX_MEMORY_SIZE, which refuses larger
# bodies before we see them (a site that lowers it gets the same JSON 400, earlier).
MAX_AUTHORING_BYTES = 2_621_440
# A beacon form carries the CSRF token and multipart framing besides its `payload` field.
FORM_OVERHEAD_BYTES = 8 * 1024
MAX_DEPTH = 32
MAX_INT_DIGITS = 15  # |n| < 10**15: ids, pages, counts; far from any 64-bit column's limit
# Lone surrogates: valid in a Python str (JSON "\ud800" makes one) but not Unicode text,
# so encoding for the database fails. Paired surrogates never survive json.loads as such.
_NOT_TEXT = re.compile("[\ud800-\udfff]")
_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def json_response(data, status: int = 200) -> Response:
    return Response(
        json.dumps(data), status=status, content_type="application/json", charset="utf8"
    )


def error_response(message: str, status: int) -> Response:
    return json_response({"error": message}, status=status)


# --- the input rules ------------------------------------------------------------------


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def _too_large(limit: int) -> BadRequest:
    return BadRequest(N_("The request is larger than {size}.", size=_size(limit)))


def _int_literal(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise BadRequest(N_("Numbers in the request must have at most {digits} digits.", digits=MAX_INT_DIGITS))
    return int(text)


def _float_literal(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 reads as infinity
        raise BadRequest(N_("The request may contain only finite numbers."))
    return value


def _constant(name: str):
    raise BadRequest(N_("The request may contain only finite numbers, not {value}.", value=name))


def _not_text(path: str):
    if path:
        return BadRequest(N_("The request field {field} contains characters that are not valid text.", field=path))
    return BadRequest(N_("The request contains characters that are not valid text."))


def check_value(value) -> None:
    """Refuse nesting deeper than MAX_DEPTH and text that is not valid Unicode, anywhere in
    a decoded JSON value (keys too). Iterative, so depth costs no Python stack."""
    stack = [(value, 1, "")]
    while stack:
        item, depth, path = stack.pop()
        if isinstance(item, (dict, list)) and depth > MAX_DEPTH:
            raise BadRequest(N_("The request is nested more than {depth} levels deep.", depth=MAX_DEPTH))
        if isinstance(item, dict):
            for key, child in item.items():
                if _NOT_TEXT.search(key):
                    raise BadRequest(N_("A field name in the request contains characters that are not valid text."))
                stack.append((child, depth + 1, f"{path}.{key}" if path else key))
        elif isinstance(item, list):
            stack.extend((child, depth + 1, f"{path}[{n}]") for n, child in enumerate(item))
        elif isinstance(item, str) and _NOT_TEXT.search(item):
            raise _not_text(path)


def parse_json(text: str):
    """A JSON document under the input rules, or a 400 saying which rule it broke."""
    try:
        value = json.loads(text, parse_int=_int_literal, parse_float=_float_literal, parse_constant=_constant)
    except RecursionError:  # the decoder recurses once a level: thousands of levels stop here, fewer in check_value
        raise BadRequest(N_("The request is nested more than {depth} levels deep.", depth=MAX_DEPTH)) from None
    except ValueError as exc:
        raise BadRequest(N_("The request body is not valid JSON.")) from exc
    check_value(value)
    return value


def _form_payload(request, max_bytes: int) -> str:
    # navigator.sendBeacon cannot set headers, so it sends a form with the CSRF
    # token and the JSON document in a `payload` field (the CSRF check has
    # already read the form, so the raw body is gone).
    if (request.content_length or 0) > max_bytes + FORM_OVERHEAD_BYTES:
        raise _too_large(max_bytes)
    try:
        field = request.POST.get("payload", "")
    except RequestDataTooBig:
        raise _too_large(max_bytes) from None
    except (SuspiciousOperation, MultiPartParserError):
        raise BadRequest(N_("The request is not a readable form.")) from None
    if not isinstance(field, str):
        raise BadRequest(N_("The form must send its data as text, not as a file."))
    if _NOT_TEXT.search(field):
        raise BadRequest(N_("The form contains characters that are not valid text."))
    if len(field.encode("utf-8")) > max_bytes:
        raise _too_large(max_bytes)
    return field


def _body_text(request, max_bytes: int) -> str:
    if (request.content_length or 0) > max_bytes:
        raise _too_large(max_bytes)  # before reading it
    try:
        raw = request.body
    except RequestDataTooBig:
        raise _too_large(max_bytes) from None
    if len(raw) > max_bytes:  # bytes, not characters: 70,000 emoji are 280 KB
        raise _too_large(max_bytes)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(N_("The request body is not UTF-8 text.")) from None


def _payload(request, max_bytes: int) -> dict:
    content_type = (request.content_type or "").lower()
    if content_type in _FORM_TYPES:
        raw = _form_payload(request, max_bytes)
    else:
        raw = _body_text(request, max_bytes)
    data = parse_json(raw) if raw.strip() else {}
    if not isinstance(data, dict):
        raise BadRequest(N_("The request body must be a JSON object."))
    return data


def _query(request) -> dict:
    """Query parameters as plain strings (the last one wins when repeated), checked like JSON text."""
    params = {}
    for key, value in request.GET.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise BadRequest(N_("Query parameters must be text."))
        if _NOT_TEXT.search(key):
            raise BadRequest(N_("A query parameter name contains characters that are not valid text."))
        if _NOT_TEXT.search(value):
            raise BadRequest(N_("The address parameter {name} contains characters that are not valid text.", name=key))
        params[key] = value
    return params


# --- the decorator -------------------------------------------------------------------


def api_handler(methods=("POST",), max_bytes: int = MAX_BODY_BYTES):
    """Mark a method as an XBlock handler speaking JSON.

    POST handlers receive the decoded JSON object (at most `max_bytes` bytes); GET
    handlers receive the query parameters as a dict of strings. Both pass the input
    rules above first. ApiError becomes its status with {"error": …}.
    """

    def decorate(func):
        @XBlock.handler
        @functools.wraps(func)
        def wrapper(self, request, suffix=""):
            if request.method not in methods:
                i18n = i18n_service(self)
                message = N_("This address accepts only {methods} requests.", methods=" / ".join(methods))
                response = error_response(translate(message, i18n), 405)
                response.allow = list(methods)
                return response
            try:
                if _NOT_TEXT.search(suffix or ""):
                    raise BadRequest(N_("The address contains characters that are not valid text."))
                data = _payload(request, max_bytes) if request.method == "POST" else _query(request)
                result = func(self, data, suffix)
            except ApiError as exc:  # translated here, for the person reading (core/messages.py)
                i18n = i18n_service(self)
                return json_response(
                    {"error": translate_message(exc.message, i18n), **translate_extra(exc.extra, i18n)}, status=exc.status,
                )
            if isinstance(result, Response):
                return result
            return json_response(result)

        return wrapper

    return decorate


def translate_message(message, i18n) -> str:
    """A refusal in the reader's language: a Message by its id and parameters; a plain fixed
    message (the deadline's, the platform's) looked up as it is."""

    return translate(message, i18n) if isinstance(message, Message) else i18n.gettext(str(message))


def translate_extra(extra: dict, i18n) -> dict:
    """More fields of an error body (e.g. Studio's field errors): their Messages translated."""
    def walk(value):
        if isinstance(value, dict):  # a plain "message" (a fixed text) is its own message id
            return {key: i18n.gettext(item) if key == "message" and type(item) is str else walk(item)
                    for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        return translate(value, i18n)

    return walk(extra)
