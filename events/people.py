"""One person across events, recognised without keeping who they are.

An adult who registers for several fairs is one person in the figures. The key is an HMAC
(SHA-256, with a server secret) of the normalised e-mail address, else of the phone number in
E.164: the same address or number always gives the same key, and the key gives neither back.
A walk-in who left neither has no key and counts once per ticket.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def person_key(*, email: str = "", phone: str = "") -> str:
    """The person's key from their e-mail address (preferred) or phone number; '' for neither."""
    email = (email or "").strip().casefold()
    phone = (phone or "").strip()
    identity = f"email:{email}" if email else f"phone:{phone}" if phone else ""
    if not identity:
        return ""
    secret = (settings.PERSON_KEY_SECRET or settings.SECRET_KEY).encode()
    return hmac.new(secret, identity.encode(), hashlib.sha256).hexdigest()
