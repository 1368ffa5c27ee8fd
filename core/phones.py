"""UK phone numbers as people type them, checked against the numbering plan (``phonenumbers``)
and stored in E.164 ("+447700900123"), so one number is always written one way."""

from __future__ import annotations

import phonenumbers
from django.utils.translation import gettext as _

from core.exceptions import DomainError

# The United Kingdom's country code, shared with the Crown Dependencies (Jersey, Guernsey, the
# Isle of Man), whose numbers people here also carry.
UK_COUNTRY_CODE = 44
# Ofcom reserves these for drama and examples: never a subscriber's, but the demo and the tests
# use them, so they are taken as well-formed UK numbers although the numbering plan has none.
RESERVED_FOR_DRAMA = ("+447700900", "+441632960")


class InvalidPhoneNumber(DomainError):
    code = "invalid_phone"


def _invalid() -> InvalidPhoneNumber:
    return InvalidPhoneNumber(
        _("Enter a UK phone number, like 01707 281234 or 07700 900123."), code="invalid_phone"
    )


def normalise_uk_phone(phone: str) -> str:
    """A UK number in E.164 ("+441707281234") from "01707 281234", "+44 (0)1707-281234",
    "0044 1707 281234" and the like; "" if ``phone`` is empty.

    Raises ``InvalidPhoneNumber`` (code ``invalid_phone``) for a number that is malformed, not in
    an allocated UK range, or from another country.
    """
    typed = (phone or "").strip()
    if not typed:
        return ""
    try:
        number = phonenumbers.parse(typed.replace("(0)", ""), "GB")
    except phonenumbers.NumberParseException:
        raise _invalid() from None
    if number.country_code != UK_COUNTRY_CODE:
        raise _invalid()
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    reserved = len(e164) == 13 and e164.startswith(RESERVED_FOR_DRAMA)
    if not (reserved or phonenumbers.is_valid_number(number)):
        raise _invalid()
    return e164
