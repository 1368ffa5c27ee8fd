"""An employer's "My visitors" list for one stand, as CSV and XLSX: every representative's scans
merged, with a visitor's e-mail and phone only when they agreed at registration that employers
they meet may contact them, and a visit's outcome only when the visitor agreed to it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.calendars import LONDON
from events.exports import Column
from events.models import StandInteraction


def _registration(visit: StandInteraction) -> Any:
    return visit.ticket.registration


def _contact(visit: StandInteraction, field: str) -> str:
    registration = _registration(visit)
    return getattr(registration, field) if registration.consent_contact_employers else ""


def _outcome(visit: StandInteraction, field: str) -> Any:
    outcome = getattr(visit, "outcome", None)
    if outcome is None or not outcome.visitor_agreed:
        return ""
    value = getattr(outcome, field)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    return "" if value is None else value


VISITOR_COLUMNS = [
    Column(_("Ticket"), _("The visitor's ticket number"), lambda v: v.ticket.number),
    Column(_("Name"), _("The name they registered with"), lambda v: _registration(v).name),
    Column(
        _("E-mail"),
        _("Only when the visitor agreed that employers they meet may contact them"),
        lambda v: _contact(v, "email"),
    ),
    Column(
        _("Phone"),
        _("Only when the visitor agreed that employers they meet may contact them"),
        lambda v: _contact(v, "phone"),
    ),
    Column(
        _("Met at"),
        _("When the stand scanned them (Europe/London)"),
        lambda v: timezone.localtime(v.created_at, LONDON).strftime("%Y-%m-%d %H:%M"),
    ),
    Column(
        _("Scanned by"),
        _("The representative who scanned them"),
        lambda v: v.scanned_by.email if v.scanned_by else "",
    ),
    Column(_("Scan note"), _("The note made when scanning"), lambda v: v.note),
    Column(
        _("Interview offered"),
        _("Recorded on the day with the visitor's agreement"),
        lambda v: _outcome(v, "interview_offered"),
    ),
    Column(
        _("Application started"),
        _("Recorded on the day with the visitor's agreement"),
        lambda v: _outcome(v, "application_started"),
    ),
    Column(_("Outcome note"), _("With the visitor's agreement"), lambda v: _outcome(v, "note")),
    Column(_("Rating"), _("1 (weak) to 5 (strong)"), lambda v: _outcome(v, "rating")),
]
