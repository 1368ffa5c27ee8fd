"""A camera for Chromium to look through: a ticket's QR code as a YUV4MPEG2 (.y4m) video.

Chromium started with ``--use-fake-device-for-media-stream --use-file-for-fake-video-capture=
<file.y4m>`` hands the file's frames to getUserMedia (looping them), so the scanner page reads
the real QR image the ticket e-mail and ticket page show, through its real decoding path.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

WIDTH, HEIGHT = 640, 480


def qr_frame(qr_png: bytes, *, width: int = WIDTH, height: int = HEIGHT) -> Image.Image:
    """The QR image, enlarged without blurring its modules, centred on a white (greyscale) frame."""
    code = Image.open(io.BytesIO(qr_png)).convert("L")
    side = int(min(width, height) * 0.9)
    code = code.resize((side, side), Image.Resampling.NEAREST)
    frame = Image.new("L", (width, height), 255)
    frame.paste(code, ((width - side) // 2, (height - side) // 2))
    return frame


def write_y4m(qr_png: bytes, path: Path, *, seconds: int = 2, fps: int = 5) -> Path:
    """Write ``seconds`` of a still QR code at ``fps`` as 4:2:0 YUV4MPEG2 frames.

    Greyscale is all a QR code needs: the luma plane is the image, both chroma planes are
    neutral (128).
    """
    frame = qr_frame(qr_png)
    luma = frame.tobytes()
    chroma = bytes([128]) * ((WIDTH // 2) * (HEIGHT // 2))
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{fps}:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for _ in range(seconds * fps):
            video.write(b"FRAME\n")
            video.write(luma)
            video.write(chroma)
            video.write(chroma)
    return path
