"""Refusals shared by services and handlers; each carries its HTTP status and a human message.

Services raise them with their permission and validation checks; the JSON handler
decorator (api.py) turns them into {"error": message} with the status.
"""


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
