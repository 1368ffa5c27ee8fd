"""Printable name badges as A4 PDF: attendees (with their ticket's QR) and employers' people.

Eight badges a page (2 × 4, 105 × 74 mm: the common perforated badge-insert size), drawn with
ReportLab. Names may be in any Latin script (Polish visitors are common), so a Unicode TrueType
font is used where the machine has one; ReportLab's bundled Vera is the fallback.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from events.models import (
    Adjustment,
    AttendeeCategory,
    Event,
    Registration,
    StandApplication,
    Ticket,
)
from events.tickets import ticket_qr_png

COLUMNS, ROWS = 2, 4
BADGE_WIDTH, BADGE_HEIGHT = A4[0] / COLUMNS, A4[1] / ROWS
PADDING = 7 * mm
QR_SIZE = 30 * mm

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_FONT_CANDIDATES: list[tuple[Path | None, Path | None]] = [
    (_DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf"),
    (None, None),  # ReportLab's own Vera, found on its font path by file name
]


@cache
def _fonts() -> tuple[str, str]:
    for regular, bold in _FONT_CANDIDATES:
        try:
            if regular and bold:
                pdfmetrics.registerFont(TTFont("BadgeSans", str(regular)))
                pdfmetrics.registerFont(TTFont("BadgeSans-Bold", str(bold)))
            else:
                pdfmetrics.registerFont(TTFont("BadgeSans", "Vera.ttf"))
                pdfmetrics.registerFont(TTFont("BadgeSans-Bold", "VeraBd.ttf"))
            return "BadgeSans", "BadgeSans-Bold"
        except Exception:  # noqa: BLE001, S112 - a broken font file: try the next one
            continue
    return "Helvetica", "Helvetica-Bold"


@dataclass
class Badge:
    name: str
    lines: list[str]
    footer: str
    qr_png: bytes | None = None


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest size up to ``size`` (not below 9 pt) at which ``text`` fits ``width``."""
    while size > 9 and canvas.stringWidth(text, font, size) > width:
        size -= 1
    return size


def _draw_badge(canvas: Canvas, badge: Badge, x: float, y: float) -> None:
    regular, bold = _fonts()
    canvas.setLineWidth(0.3)
    canvas.setDash(2, 2)
    canvas.rect(x, y, BADGE_WIDTH, BADGE_HEIGHT)  # cutting guide
    canvas.setDash()
    text_width = BADGE_WIDTH - 2 * PADDING - (QR_SIZE + 4 * mm if badge.qr_png else 0)
    top = y + BADGE_HEIGHT - PADDING
    size = _fit(canvas, badge.name, bold, 22, text_width)
    canvas.setFont(bold, size)
    name = badge.name
    while canvas.stringWidth(name, bold, size) > text_width and len(name) > 1:
        name = name[:-2] + "…"
    canvas.drawString(x + PADDING, top - size, name)
    line_y = top - size - 7 * mm
    for line in badge.lines:
        line_size = _fit(canvas, line, regular, 12, text_width)
        canvas.setFont(regular, line_size)
        canvas.drawString(x + PADDING, line_y, line)
        line_y -= line_size + 4
    canvas.setFont(regular, 9)
    canvas.drawString(x + PADDING, y + PADDING, badge.footer)
    if badge.qr_png:
        canvas.drawImage(
            ImageReader(io.BytesIO(badge.qr_png)),
            x + BADGE_WIDTH - PADDING - QR_SIZE,
            y + PADDING,
            width=QR_SIZE,
            height=QR_SIZE,
        )


def _render(badges: Iterable[Badge], title: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Herts Careers & Jobs Fairs")
    per_page = COLUMNS * ROWS
    drawn = 0
    for badge in badges:
        if drawn and drawn % per_page == 0:
            canvas.showPage()
        slot = drawn % per_page
        column, row = slot % COLUMNS, slot // COLUMNS
        _draw_badge(canvas, badge, column * BADGE_WIDTH, A4[1] - (row + 1) * BADGE_HEIGHT)
        drawn += 1
    if not drawn:
        bold = _fonts()[1]
        canvas.setFont(bold, 14)
        canvas.drawString(20 * mm, A4[1] - 30 * mm, _("No badges to print yet."))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _event_line(event: Event) -> str:
    starts = timezone.localtime(event.starts_at)
    return f"{event.title} · {date_format(starts, 'j M Y')}"


def attendee_badges(*, event: Event) -> Iterator[Badge]:
    tickets = (
        Ticket.objects.filter(
            event=event,
            status=Ticket.Status.VALID,
            registration__status=Registration.Status.CONFIRMED,
        )
        .select_related("registration")
        .order_by("number")
    )
    event_line = _event_line(event)
    for ticket in tickets.iterator(chunk_size=500):
        yield Badge(
            name=ticket.holder_label or ticket.number,
            lines=[str(AttendeeCategory(ticket.registration.category).label), event_line],
            footer=_("Ticket %(number)s") % {"number": ticket.number},
            qr_png=ticket_qr_png(ticket.token),
        )


def attendee_badges_pdf(*, event: Event) -> bytes:
    """One badge for each confirmed, valid ticket, in ticket-number order."""
    return _render(attendee_badges(event=event), _("Badges: %(event)s") % {"event": event.title})


def representative_badges(*, event: Event) -> Iterator[Badge]:
    applications = (
        StandApplication.objects.filter(event=event, status=StandApplication.Status.APPROVED)
        .select_related("employer")
        .order_by("stand_number", "employer__name")
    )
    event_line = _event_line(event)
    for application in applications:
        stand = (
            _("Stand %(number)s") % {"number": application.stand_number}
            if application.stand_number
            else _("Stand to be confirmed")
        )
        names = [n.strip() for n in application.representative_names or [] if str(n).strip()]
        # Names not given yet: blank badges to write on, as many as places on the stand.
        names += [""] * max(application.representatives - len(names), 0)
        for name in names:
            yield Badge(
                name=name or " ",
                lines=[application.employer.name, stand],
                footer=event_line,
            )


def representative_badges_pdf(*, event: Event) -> bytes:
    """One badge for each representative of each approved stand (blank where unnamed)."""
    return _render(
        representative_badges(event=event),
        _("Stand badges: %(event)s") % {"event": event.title},
    )


TICKET_QR_SIZE = 80 * mm


def ticket_pdf(*, ticket: Ticket) -> bytes:
    """One ticket on one A4 page: the QR code large enough to scan from paper, and the facts a
    visitor without e-mail or a smartphone needs to find the event."""
    regular, bold = _fonts()
    registration = ticket.registration
    event = ticket.event
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(_("Ticket %(number)s") % {"number": ticket.number})
    canvas.setAuthor("Herts Careers & Jobs Fairs")
    width, height = A4
    left, y = 20 * mm, height - 25 * mm
    canvas.setFont(bold, _fit(canvas, event.title, bold, 24, width - 2 * left))
    canvas.drawString(left, y, event.title)
    when = f"{date_format(starts, 'H:i')}–{date_format(ends, 'H:i')}"
    lines = [f"{date_format(starts, 'l j F Y')}, {when}"]
    if event.venue is not None:
        lines.append(event.venue.name)
        lines += [part.strip() for part in event.venue.address.splitlines() if part.strip()]
        if event.venue.postcode:
            lines.append(event.venue.postcode)
    y -= 12 * mm
    for line in lines:
        canvas.setFont(regular, _fit(canvas, line, regular, 14, width - 2 * left))
        canvas.drawString(left, y, line)
        y -= 7 * mm
    canvas.drawImage(
        ImageReader(io.BytesIO(ticket_qr_png(ticket.token))),
        (width - TICKET_QR_SIZE) / 2,
        y - TICKET_QR_SIZE - 5 * mm,
        width=TICKET_QR_SIZE,
        height=TICKET_QR_SIZE,
    )
    y -= TICKET_QR_SIZE + 18 * mm
    canvas.setFont(bold, 20)
    canvas.drawCentredString(width / 2, y, ticket.holder_label)
    y -= 9 * mm
    canvas.setFont(regular, 14)
    canvas.drawCentredString(width / 2, y, _("Ticket %(number)s") % {"number": ticket.number})
    adjustments = [
        str(label) for value, label in Adjustment.choices if value in registration.adjustments
    ]
    if adjustments:
        y -= 12 * mm
        text = _("You asked for: %(list)s") % {"list": ", ".join(adjustments)}
        canvas.setFont(regular, _fit(canvas, text, regular, 13, width - 2 * left))
        canvas.drawCentredString(width / 2, y, text)
    canvas.setFont(regular, 11)
    canvas.drawCentredString(
        width / 2,
        20 * mm,
        _("Show this page at the door. If you lose it, give your name: we can find you."),
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
