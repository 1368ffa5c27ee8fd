"""Text messages in GOV.UK Notify's terms: how many fragments a text costs, the longest Notify
sends (918 characters), and which numbers can receive one (UK mobiles)."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers

# The GSM 03.38 basic set (one character each) and its extension table (two each).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€")
# Notify: a text is at most 918 characters (6 fragments of 153); one fragment is 160 GSM-7
# characters (153 each when split) or 70 Unicode characters (67 each when split).
SMS_MAX_CHARACTERS = 918


@dataclass(frozen=True)
class SmsLength:
    characters: int
    unicode: bool
    fragments: int

    @property
    def too_long(self) -> bool:
        return self.characters > SMS_MAX_CHARACTERS


def sms_length(text: str) -> SmsLength:
    """Characters as the network counts them, and fragments (what Notify charges by)."""
    unicode = any(c not in GSM7_BASIC and c not in GSM7_EXTENDED for c in text)
    if unicode:
        characters = len(text)
        single, part = 70, 67
    else:
        characters = sum(2 if c in GSM7_EXTENDED else 1 for c in text)
        single, part = 160, 153
    if characters == 0:
        fragments = 0
    elif characters <= single:
        fragments = 1
    else:
        fragments = -(-characters // part)
    return SmsLength(characters=characters, unicode=unicode, fragments=fragments)


def is_uk_mobile(phone: str) -> bool:
    """Whether a number (E.164, as stored) is a UK mobile: only those can be texted."""
    if phone.startswith("+447700900"):  # Ofcom's drama range: mobiles in the demo and tests
        return True
    try:
        number = phonenumbers.parse(phone, "GB")
    except phonenumbers.NumberParseException:
        return False
    return number.country_code == 44 and phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
