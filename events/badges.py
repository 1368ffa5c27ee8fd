"""Printable name badges as A4 PDF: attendees (with their ticket's QR) and employers' people.

Eight badges a page (2 × 4, 105 × 74 mm: the common perforated badge-insert size), drawn with
ReportLab. Names may be in any script and of any length: events.pdf_text picks the fonts,
shapes and orders the text, and shrinks or wraps it to its box.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from events.models import (
    Adjustment,
    AttendeeCategory,
    Event,
    Registration,
    StandApplication,
    Ticket,
)
from events.pdf_text import LEADING, draw_text, fallback_font
from events.tickets import ticket_qr_png

COLUMNS, ROWS = 2, 4
BADGE_WIDTH, BADGE_HEIGHT = A4[0] / COLUMNS, A4[1] / ROWS
PADDING = 7 * mm
QR_SIZE = 30 * mm


@dataclass
class Badge:
    name: str
    lines: list[str]
    footer: str
    qr_png: bytes | None = None


NAME_MAX_SIZE, NAME_MIN_SIZE, NAME_MAX_LINES = 22, 8, 3
NAME_HEIGHT = 3 * NAME_MIN_SIZE * LEADING + 14  # three small lines or two large ones


def _draw_badge(canvas: Canvas, badge: Badge, x: float, y: float) -> None:
    canvas.setLineWidth(0.3)
    canvas.setDash(2, 2)
    canvas.rect(x, y, BADGE_WIDTH, BADGE_HEIGHT)  # cutting guide
    canvas.setDash()
    # The name has the badge's whole width (it sits above the QR code); the rest keeps beside it.
    name_width = BADGE_WIDTH - 2 * PADDING
    text_width = name_width - (QR_SIZE + 4 * mm if badge.qr_png else 0)
    top = y + BADGE_HEIGHT - PADDING
    name = draw_text(
        canvas,
        badge.name,
        x=x + PADDING,
        top=top,
        width=name_width,
        max_size=NAME_MAX_SIZE,
        min_size=NAME_MIN_SIZE,
        max_lines=NAME_MAX_LINES,
        height=NAME_HEIGHT,
        bold=True,
    )
    line_top = top - name.height - 5 * mm
    for line in badge.lines:
        fitted = draw_text(
            canvas, line, x=x + PADDING, top=line_top, width=text_width, max_size=12, min_size=7
        )
        line_top -= fitted.height + 1
    draw_text(
        canvas,
        badge.footer,
        x=x + PADDING,
        top=y + PADDING + 9,
        width=text_width,
        max_size=9,
        min_size=6,
    )
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
        canvas.setFont(fallback_font(bold=True), 14)
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
TICKET_NAME_MAX_SIZE, TICKET_NAME_MIN_SIZE = 24, 11


def ticket_pdf(*, ticket: Ticket) -> bytes:
    """One ticket on one A4 page: the QR code large enough to scan from paper, and the facts a
    visitor without e-mail or a smartphone needs to find the event."""
    registration = ticket.registration
    event = ticket.event
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(_("Ticket %(number)s") % {"number": ticket.number})
    canvas.setAuthor("Herts Careers & Jobs Fairs")
    width, height = A4
    left, top = 20 * mm, height - 18 * mm
    box = width - 2 * left
    title = draw_text(
        canvas,
        event.title,
        x=left,
        top=top,
        width=box,
        max_size=24,
        min_size=14,
        max_lines=2,
        bold=True,
    )
    top -= title.height + 4 * mm
    when = f"{date_format(starts, 'H:i')}–{date_format(ends, 'H:i')}"
    lines = [f"{date_format(starts, 'l j E Y')}, {when}"]
    if event.venue is not None:
        lines.append(event.venue.name)
        lines += [part.strip() for part in event.venue.address.splitlines() if part.strip()]
        if event.venue.postcode:
            lines.append(event.venue.postcode)
    for line in lines:
        draw_text(canvas, line, x=left, top=top, width=box, max_size=14, min_size=9)
        top -= 7 * mm
    canvas.drawImage(
        ImageReader(io.BytesIO(ticket_qr_png(ticket.token))),
        (width - TICKET_QR_SIZE) / 2,
        top - TICKET_QR_SIZE - 5 * mm,
        width=TICKET_QR_SIZE,
        height=TICKET_QR_SIZE,
    )
    top -= TICKET_QR_SIZE + 12 * mm
    holder = draw_text(
        canvas,
        ticket.holder_label,
        x=left,
        top=top,
        width=box,
        max_size=TICKET_NAME_MAX_SIZE,
        min_size=TICKET_NAME_MIN_SIZE,
        max_lines=3,
        bold=True,
        align="centre",
    )
    top -= holder.height + 3 * mm
    number = _("Ticket %(number)s") % {"number": ticket.number}
    draw_text(canvas, number, x=left, top=top, width=box, max_size=14, min_size=9, align="centre")
    adjustments = [
        str(label) for value, label in Adjustment.choices if value in registration.adjustments
    ]
    if adjustments:
        top -= 12 * mm
        text = _("You asked for: %(list)s") % {"list": ", ".join(adjustments)}
        draw_text(
            canvas,
            text,
            x=left,
            top=top,
            width=box,
            max_size=13,
            min_size=9,
            max_lines=2,
            align="centre",
        )
    canvas.setFont(fallback_font(bold=False), 11)
    canvas.drawCentredString(
        width / 2,
        20 * mm,
        _("Show this page at the door. If you lose it, give your name: we can find you."),
    )
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
