"""The QR code on a ticket decodes back to exactly the ticket's token."""

from __future__ import annotations

import io
import secrets

import pytest
from PIL import Image

from events.tickets import ticket_qr_png

zxingcpp = pytest.importorskip("zxingcpp", reason="the QR decoder (zxing-cpp) is a dev extra")


@pytest.mark.parametrize("token_bytes", [24, 48], ids=["192-bit", "384-bit"])
def test_the_qr_code_decodes_back_to_the_token(token_bytes):
    token = secrets.token_urlsafe(token_bytes)
    image = Image.open(io.BytesIO(ticket_qr_png(token)))

    [decoded] = zxingcpp.read_barcodes(image)

    assert decoded.text == token
    assert decoded.format == zxingcpp.BarcodeFormat.QRCode


def test_the_qr_code_is_large_enough_to_scan_from_a_phone():
    image = Image.open(io.BytesIO(ticket_qr_png(secrets.token_urlsafe(24))))

    assert image.format == "PNG"
    assert min(image.size) >= 300


def test_a_qr_code_scaled_down_for_a_print_out_still_decodes():
    token = secrets.token_urlsafe(24)
    image = Image.open(io.BytesIO(ticket_qr_png(token))).convert("L").resize((150, 150))

    [decoded] = zxingcpp.read_barcodes(image)

    assert decoded.text == token
