"""Unguessable tokens: public ids, ticket QR codes and calendar-feed addresses."""

from __future__ import annotations

import secrets


def new_public_id() -> str:
    """An unguessable id for public URLs (128 bits), never all digits (those route to the pk)."""
    while True:
        token = secrets.token_urlsafe(16)
        if not token.isdigit():
            return token


def new_ticket_token() -> str:
    """What a ticket's QR code encodes: 192 random bits, URL-safe, no personal data."""
    return secrets.token_urlsafe(24)


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


def new_registration_token() -> str:
    """The key of a registration's own page (the waiting list, an offered place)."""
    return secrets.token_urlsafe(24)
