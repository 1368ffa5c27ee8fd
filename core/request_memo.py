"""Reads shared by several panels of one page, made once per page.

A dashboard shows the same read in several places (every Jobcentre in two measures and the
forums panel; Benchmark 5 coverage in a measure and in two drill-down tables). Inside
``request_memo()`` a function marked ``@memoized`` runs once for the same arguments and its
answer is reused; outside it (every other caller, every write path) the function runs as
before. A queryset argument is known by its SQL and parameters, a model instance by its class
and key, so only an identical read is ever reused, and only within the one page.

Answers are shared, not copied: a memoized function's callers must not change what it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, TypeVar, cast

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models import Model, QuerySet

_memo: ContextVar[dict[Any, Any] | None] = ContextVar("request_memo", default=None)

Function = TypeVar("Function", bound=Callable[..., Any])


@contextmanager
def request_memo() -> Iterator[None]:
    """Reuse identical reads until the block ends (a page's figures and its rendering)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _known_by(value: Any) -> Any:
    if isinstance(value, QuerySet):
        return (value.model, value.query.sql_with_params())
    if isinstance(value, Model):
        return (type(value), value.pk)
    if isinstance(value, list | tuple):
        return tuple(_known_by(item) for item in value)
    return value


def memoized(function: Function) -> Function:
    """Run ``function`` once per distinct arguments inside ``request_memo()``."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        memo = _memo.get()
        if memo is None:
            return function(*args, **kwargs)
        try:
            key = (
                function.__module__,
                function.__qualname__,
                tuple(_known_by(arg) for arg in args),
                tuple(sorted((name, _known_by(value)) for name, value in kwargs.items())),
            )
            hash(key)
        except (TypeError, EmptyResultSet, FullResultSet):
            return function(*args, **kwargs)  # an argument that cannot name the read
        if key not in memo:
            memo[key] = function(*args, **kwargs)
        return memo[key]

    return cast(Function, wrapper)


def memo_per_request(view: Function) -> Function:
    """A view (a page of figures, read only) whose identical reads are made once."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with request_memo():
            return view(*args, **kwargs)

    return cast(Function, wrapper)
