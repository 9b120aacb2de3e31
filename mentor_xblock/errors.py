"""Refusals shared by services and handlers; each carries its HTTP status and a human message.

Services raise them with their permission and validation checks; the JSON handler
decorator (handlers/decorator.py) turns them into {"error": message} with the status.
"""
from .core.messages import N_


class ApiError(Exception):
    status = 400

    def __init__(self, message: str, status: int | None = None, **extra):
        super().__init__(message)
        self.message = message
        self.extra = extra  # more JSON fields for the error body, e.g. field errors
        if status is not None:
            self.status = status


class BadRequest(ApiError):
    status = 400


class Forbidden(ApiError):
    status = 403


class NotFound(ApiError):
    status = 404


class Conflict(ApiError):
    status = 409


class TooManyRequests(ApiError):
    status = 429


# What people call the fields a request may miss (never the field's name in the code).
FIELD_LABELS = {
    "action": N_("what to do"),
    "prompt_id": N_("which prompt"),
    "report": N_("which report"),
    "segment_id": N_("which video segment"),
    "status": N_("the review status"),
    "username": N_("the user name"),
}


def require(data: dict, name: str, kind=str, max_length: int = 200):
    """A required field of the given type, or a 400 saying what is missing in words people use."""
    value = data.get(name)
    what = FIELD_LABELS.get(name, name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise BadRequest(N_("The request does not say {what}.", what=what))
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        if kind is str:
            raise BadRequest(N_("The request must give {what} as text.", what=what))
        raise BadRequest(N_("The request must give {what} as a whole number.", what=what))
    if kind is str and len(value) > max_length:
        raise BadRequest(N_("The request gives {what} longer than {limit} characters.", what=what, limit=max_length))
    return value
