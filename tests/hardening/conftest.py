from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from tests.hardening.world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """One world per module, built once inside a transaction that is rolled back at the end;
    each test runs in its own savepoint inside it (pytest-django's ``db``), so tests that write
    leave the world as they found it."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            built = build_world()
            yield built
            transaction.set_rollback(True)
