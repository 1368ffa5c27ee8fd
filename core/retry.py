"""Running a whole transaction again when the database broke a deadlock by aborting it.

PostgreSQL detects a cycle of transactions waiting for each other and aborts one of them
(SQLSTATE 40P01); the aborted one did nothing, so running it again from the start is safe and
what the person would have done by retrying."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, connection

T = TypeVar("T")

DEADLOCK_DETECTED = "40P01"


def is_deadlock(error: BaseException) -> bool:
    return getattr(error.__cause__, "sqlstate", None) == DEADLOCK_DETECTED


def deadlock_retried(write: Callable[[], T], *, attempts: int = 3) -> T:
    """``write()`` (which opens its own transaction), run again if the database aborted it to
    break a deadlock. Inside a caller's transaction nothing can be run again (the caller's
    work was aborted too), so the error goes to the caller."""
    for attempt in range(1, attempts + 1):
        try:
            return write()
        except OperationalError as error:
            if connection.in_atomic_block or not is_deadlock(error) or attempt == attempts:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
