from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # Rate-limit counters live in the cache: one test's sign-in failures must not lock out the next.
    cache.clear()


@pytest.fixture(autouse=True)
def _english_again() -> object:
    # A test that switches the language (a Polish page) must not leave the next one in Polish.
    from django.utils import translation

    yield
    translation.deactivate()
