"""Transactions that survive many LMS processes on one MySQL.

MySQL documents deadlocks (1213) and lock wait timeouts (1205) as errors a client
should answer by running the whole transaction again; SQLite's "database is locked"
is the same kind of error. `retrying` does that, and only at the outermost level:
inside an enclosing transaction the database has rolled back more than this
operation, so the error must travel up to whoever owns that transaction.
"""
from __future__ import annotations

import functools
import random
import time

from django.db import IntegrityError, OperationalError, connection, transaction

RETRIES = 6
# MySQL/MariaDB error codes that mean "run the transaction again".
RETRYABLE_CODES = (1205, 1213)


def is_transient(exc: Exception) -> bool:
    if not isinstance(exc, OperationalError):
        return False
    code = exc.args[0] if exc.args else None
    text = str(exc).lower()
    return code in RETRYABLE_CODES or "locked" in text or "deadlock" in text


def retrying(operation, attempts: int = RETRIES):
    """Run `operation()` (which opens its own transaction) again after a transient error."""
    for attempt in range(attempts):
        try:
            return operation()
        except OperationalError as exc:
            if connection.in_atomic_block or attempt == attempts - 1 or not is_transient(exc):
                raise
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
    raise AssertionError("unreachable")


def atomic_retrying(func):
    """Decorator: the function runs in one transaction, retried whole after a deadlock."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        def run():
            with transaction.atomic():
                return func(*args, **kwargs)

        return retrying(run)

    return wrapper


def get_or_create_locked(model, lookup: dict, defaults: dict):
    """(row, created) with the row locked for this transaction, even when a parallel
    first write races this one: the loser of the unique-index race reads the winner's
    row with a locking read (which sees the latest committed version on InnoDB).

    Django's get_or_create already inserts inside a savepoint and, on the unique-index
    conflict, re-reads with the same locking queryset; a savepoint of our own around it
    only added two statements per call (a first post makes two such calls)."""
    try:
        return model.objects.select_for_update().get_or_create(**lookup, defaults=defaults)
    except IntegrityError:  # the winner's row was gone again when Django re-read it
        return model.objects.select_for_update().get(**lookup), False
