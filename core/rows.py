"""Fixed SQL for the few hot paths that run on every scan at a door.

Building a query is what costs a scan most: Django compiles each ORM statement afresh (some
hundreds of microseconds), while the database runs it in tens. These helpers build a statement
once per model and database and then only bind values, converting columns exactly as the ORM does
(the same field methods: ``get_db_prep_save``, ``pre_save``, ``from_db_value`` and the backend's
converters), so what is stored and read back is the same as through the ORM.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import connections, router
from django.db.models import Field, Model
from django.db.models.signals import post_init, post_save, pre_init, pre_save

M = TypeVar("M", bound=Model)


def _listened(model: type[Model]) -> bool:
    return pre_save.has_listeners(model) or post_save.has_listeners(model)


def model_signals_listened(model: type[Model]) -> bool:
    """Whether anything listens to ``model``'s init or save signals, which a row written from
    its values (not saved through an instance) would not send."""
    return pre_init.has_listeners(model) or post_init.has_listeners(model) or _listened(model)


@functools.cache
def _insert_statement(
    model: type[Model], alias: str, vendor: str
) -> tuple[str, tuple[Field, ...], bool]:
    connection = connections[alias]
    q = connection.ops.quote_name
    meta: Any = model._meta
    ops: Any = connection.ops
    fields = tuple(f for f in meta.concrete_fields if not f.primary_key or not f.auto_created)
    columns = ", ".join(q(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {q(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    returning = bool(connection.features.can_return_columns_from_insert)
    if returning:
        suffix, _params = ops.return_insert_columns([meta.pk])
        sql += f" {suffix}"
    return sql, fields, returning


def row_insert(instance: M) -> M:
    """INSERT ``instance`` as a new row, as ``save(force_insert=True)`` does (defaults, auto
    fields, the new id set on it), by a statement built once. Falls back to ``save`` when
    anything listens to the model's save signals. The model's own ``save()`` override, if
    any, is not called: use it for models whose override adds nothing to an insert."""
    model = type(instance)
    meta: Any = model._meta
    if _listened(model) or not instance._meta.pk.auto_created:
        instance.save(force_insert=True)
        return instance
    alias = router.db_for_write(model, instance=instance)
    connection = connections[alias]
    sql, fields, returning = _insert_statement(model, alias, connection.vendor)
    params = [
        field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if returning:
            pk = cursor.fetchone()[0]
        else:
            pk = connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = alias
    return instance


class _Values:
    """What a field's ``pre_save`` reads (and an ``auto_now`` field sets): attributes."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


def values_insert(model: type[Model], values: dict[str, Any]) -> Any:
    """INSERT a new row of ``model`` from ``values`` (by attname; every other field its default),
    as ``model(**values).save(force_insert=True)`` does, without building the instance: its new
    id. Falls back to ``save`` when anything listens to the model's signals."""
    meta: Any = model._meta
    if model_signals_listened(model) or not meta.pk.auto_created:
        instance = model(**values)
        instance.save(force_insert=True)
        return instance.pk
    alias = router.db_for_write(model)
    connection = connections[alias]
    sql, fields, returning = _insert_statement(model, alias, connection.vendor)
    unknown = set(values).difference(f.attname for f in fields)
    if unknown:
        raise TypeError(f"{model.__name__} has no fields {sorted(unknown)}")
    row = _Values(
        {f.attname: values[f.attname] if f.attname in values else f.get_default() for f in fields}
    )
    # ``pre_save`` reads (and for auto_now sets) the field's attribute: _Values has them all.
    params = [
        field.get_db_prep_save(field.pre_save(row, True), connection)  # type: ignore[arg-type]
        for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if returning:
            return cursor.fetchone()[0]
        return connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)


def column_converters(fields: Sequence[Field], alias: str) -> list[Callable[[Any], Any]]:
    """One function per field turning a raw column value into what the ORM would give."""
    connection = connections[alias]
    found: list[Callable[[Any], Any]] = []
    for field in fields:
        column = field.get_col(field.model._meta.db_table)
        steps = connection.ops.get_db_converters(column) + field.get_db_converters(connection)

        def convert(value: Any, steps: list[Any] = steps, column: Any = column) -> Any:
            for step in steps:
                value = step(value, column, connection)
            return value

        found.append(convert)
    return found


def converting_columns(
    fields: Sequence[Field], alias: str
) -> list[tuple[int, Callable[[Any], Any]]]:
    """``column_converters`` of only the columns that have any (by position): most columns
    come back from the database as the ORM gives them."""
    connection = connections[alias]
    converters = column_converters(fields, alias)
    return [
        (position, converters[position])
        for position, field in enumerate(fields)
        if connection.ops.get_db_converters(field.get_col(field.model._meta.db_table))
        or field.get_db_converters(connection)
    ]


def fields_in_order(model: type[Model], names: Sequence[str]) -> tuple[Field, ...]:
    """The fields ``names`` (attnames) in the model's column order, the order ``from_db``
    takes values in."""
    wanted = set(names)
    return tuple(f for f in model._meta.concrete_fields if f.attname in wanted)


def instance_from_row(
    model: type[M], alias: str, fields: Sequence[Field], values: Sequence[Any]
) -> M:
    """A model instance of the (converted) ``values`` of ``fields``, the rest deferred, as the
    ORM builds one for ``only()``."""
    return model.from_db(alias, [f.attname for f in fields], values)
