"""``in`` on integer columns, safe for numbers no column can hold.

Django already lets ``exact``, ``gt`` and the other comparisons on an integer column match
nothing when given a number past the database's range; ``in`` binds every number as given, and
SQLite refuses one past 64 bits with an ``OverflowError`` (a 500 for a form posting
``sectors=99999999999999999999999``). Here such numbers are left out of the list as NULL is:
they can equal nothing, so the lookup's answer is the one the database would give if it could.
"""

from __future__ import annotations

from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In

# The widest integer any supported database stores (SQLite INTEGER, PostgreSQL bigint).
_LOWEST, _HIGHEST = -(2**63), 2**63 - 1


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def get_prep_lookup(self) -> Any:
        prepared = super().get_prep_lookup()
        if not self.rhs_is_direct_value() or isinstance(prepared, str | bytes):
            return prepared
        return [
            None if isinstance(value, int) and not _LOWEST <= value <= _HIGHEST else value
            for value in prepared
        ]
