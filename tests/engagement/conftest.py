from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real


@pytest.fixture
def polish() -> Iterator[None]:
    """The Polish catalogue compiled and loaded afresh (.mo files are build output)."""
    call_command("compile_translations", verbosity=0)
    trans_real._translations = {}
    trans_real._default = None
    yield
    translation.deactivate()
