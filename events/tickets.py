"""Tickets as people carry them: the QR code image and the ticket page's address."""

from __future__ import annotations

import io
import re

import qrcode
from django.conf import settings
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.pil import PilImage

from events.models import Registration, Ticket

# secrets.token_urlsafe output: what a genuine token can look like. Anything else is refused
# before it reaches the database (forged, truncated, over-long or non-ASCII scans).
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

# 10 pixels a module: a 32-character token makes a version-3 code of 29 modules, so the image is
# (29 + 2 × 4 quiet-zone modules) × 10 = 370 px square, easy for a phone camera, sharp on A4.
QR_BOX_SIZE = 10
QR_BORDER = 4


def is_well_formed_token(token: object) -> bool:
    return isinstance(token, str) and bool(TOKEN_PATTERN.fullmatch(token))


def ticket_qr_png(token: str) -> bytes:
    """The PNG of a QR code that encodes exactly ``token`` (error correction M: ~15% may be lost,
    enough for a creased print-out or a cracked phone screen)."""
    code = qrcode.QRCode(
        error_correction=ERROR_CORRECT_M,
        box_size=QR_BOX_SIZE,
        border=QR_BORDER,
        image_factory=PilImage,
    )
    code.add_data(token, optimize=0)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def ticket_url(ticket: Ticket) -> str:
    """The ticket page (QR code, event details, printable): the token is the only key to it."""
    return f"{settings.SITE_URL}/tickets/{ticket.token}/"


def ticket_qr_url(ticket: Ticket) -> str:
    """The ticket's QR image on its own (the API's ``ticket.qr_png_url``)."""
    return f"{settings.SITE_URL}/tickets/{ticket.token}/qr.png"


def waiting_list_url(registration: Registration) -> str:
    """The person's own page while they wait (position, leaving, claiming an offered place)."""
    return f"{settings.SITE_URL}/tickets/waiting/{registration.link_token}/"
