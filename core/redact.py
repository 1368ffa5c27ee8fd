"""Taking obvious contact details out of free text people write about others.

Words written down at a forum or in a comment are published without names; a person can be
asked not to type names, but an e-mail address or a phone number slips in easily and is easy to
find. This removes those two. It cannot find a name: forms say so beside the box.
"""

from __future__ import annotations

import re

# What replaces a removed detail: the same in every language, so stored text needs no translation.
REMOVED = "[…]"

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# UK numbers (07700 900123, 01707 123 456, +44 7700 900123, (01727) 123456) and other long runs
# of digits broken by spaces, dots or dashes: ten or more digits in all.
_PHONE = re.compile(r"(?<![\w])(?:\+|00)?\(?\d(?:[\s().-]{0,2}\d){9,14}(?![\w])")


def contact_details_remove(text: str) -> tuple[str, bool]:
    """``text`` with e-mail addresses and phone numbers replaced by ``REMOVED``, and whether
    anything was removed."""
    cleaned = _EMAIL.sub(REMOVED, text)
    cleaned = _PHONE.sub(REMOVED, cleaned)
    return cleaned, cleaned != text
