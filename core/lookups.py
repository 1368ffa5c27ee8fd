"""Integer lookups safe for numbers no column can hold.

Django lets ``exact``, ``gt`` and the other comparisons on an integer column match nothing when
given a number past the database's range, but not ``in``, nor ``exact`` and ``in`` on a foreign
key (``application_id=``): those bind the number as given, and SQLite refuses one past 64 bits
with an ``OverflowError`` (a 500 for ``/stands/99999999999999999999999/…`` or a form posting
``sectors=99999999999999999999999``). Here such a number matches nothing, as a NULL does: the
answer the database would give if it could bind it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In

# The widest integer any supported database stores (SQLite INTEGER, PostgreSQL bigint).
_LOWEST, _HIGHEST = -(2**63), 2**63 - 1


def _held(value: Any) -> bool:
    return not isinstance(value, int) or _LOWEST <= value <= _HIGHEST


def _listed(prepared: Any) -> Any:
    """A prepared ``in`` list with every number no column holds made NULL (never equal)."""
    if isinstance(prepared, list | tuple):
        return [value if _held(value) else None for value in prepared]
    return prepared


class _WithoutUnheld:
    """An ``in`` lookup whose list leaves out (as NULL) the numbers no column holds."""

    def get_prep_lookup(self) -> Any:
        prepared = super().get_prep_lookup()  # type: ignore[misc]
        return _listed(prepared) if self.rhs_is_direct_value() else prepared  # type: ignore[attr-defined]


@IntegerField.register_lookup
class IntegerFieldIn(_WithoutUnheld, In):
    pass


@ForeignObject.register_lookup
class ForeignKeyIn(_WithoutUnheld, RelatedIn):
    pass


@ForeignObject.register_lookup
class ForeignKeyExact(RelatedExact):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value() and not _held(self.rhs):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)
