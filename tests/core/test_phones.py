"""UK phone numbers: parsed as people type them, checked against the numbering plan, E.164 out."""

from __future__ import annotations

import pytest

from core.phones import InvalidPhoneNumber, normalise_uk_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("01707 281234", "+441707281234"),
        ("(01707) 281234", "+441707281234"),
        ("+44 (0)1707-281234", "+441707281234"),
        ("0044 1707 281234", "+441707281234"),
        ("020 7946 0123", "+442079460123"),
        ("07700 900123", "+447700900123"),  # Ofcom's range for drama: the demo's numbers
        ("01632 960001", "+441632960001"),
        ("07624 123456", "+447624123456"),  # the Isle of Man shares +44
        ("", ""),
        ("   ", ""),
    ],
)
def test_uk_numbers_are_stored_in_e164(typed, stored):
    assert normalise_uk_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "12345",  # too short
        "not a number",
        "04512 345678",  # 04 is not allocated
        "01000 123456",  # nor is 0100
        "07700 9001234",  # one digit too many
        "+33 1 23 45 67 89",  # France
        "+1 202 555 0143",  # the United States
    ],
)
def test_malformed_unallocated_and_foreign_numbers_are_refused_with_a_code(typed):
    with pytest.raises(InvalidPhoneNumber) as refused:
        normalise_uk_phone(typed)

    assert refused.value.code == "invalid_phone"
    assert "UK phone number" in str(refused.value.detail)
