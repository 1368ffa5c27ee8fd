"""Visits to employers' stands: an employer's staff scan a visitor's ticket at their stand."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from events.checkin import CheckInError, ClientIdReused
from events.exceptions import NotAllowed
from events.models import StandApplication, StandInteraction, Ticket
from events.permissions import may_scan_at_stand
from events.presence import stand_present_on_first_scan
from events.signals import attendance_changed_send
from events.tickets import is_well_formed_token


def stand_visit_record(
    *,
    application: StandApplication,
    token: str,
    by: User,
    note: str = "",
    client_id: uuid.UUID | None = None,
) -> StandInteraction:
    """A visitor met this employer at its stand: recorded once per visitor and stand.

    Only the employer's own contacts scan at their stand, only an approved stand, and only a
    valid ticket for the same fair. A rescan adds the note, never a second visit.
    """
    if not may_scan_at_stand(by, application):
        raise NotAllowed(_("Only the employer's own staff scan at its stand."))
    if application.status != StandApplication.Status.APPROVED:
        raise CheckInError(_("This stand is not approved."), code="stand_not_approved")
    ticket = (
        Ticket.objects.filter(
            token=token, event_id=application.event_id, status=Ticket.Status.VALID
        ).first()
        if is_well_formed_token(token)
        else None
    )
    if ticket is None:
        raise CheckInError(_("Not a valid ticket for this fair."), code="invalid")
    if client_id and (found := StandInteraction.objects.filter(client_id=client_id).first()):
        # A resend is this stand's own visit; another stand's id says nothing of its visitor.
        if found.application_id == application.pk:
            found.repeated = True  # type: ignore[attr-defined]
            return found
        raise ClientIdReused(_("This scan's id was already used by another scan. Scan again."))
    with transaction.atomic():
        interaction, created = StandInteraction.objects.select_for_update().get_or_create(
            application=application,
            ticket=ticket,
            defaults={"note": note.strip()[:500], "client_id": client_id, "scanned_by": by},
        )
        if not created and note.strip():
            interaction.note = (interaction.note + "\n" + note.strip())[:500]
            interaction.save(update_fields=["note"])
        if created:
            stand_present_on_first_scan(application)
            attendance_changed_send(application.event_id, interaction_id=interaction.pk)
    interaction.repeated = not created  # type: ignore[attr-defined]
    return interaction
