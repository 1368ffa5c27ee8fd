"""What an organiser does to one registration from the registrations list: cancel it, send the
ticket again, change the adjustments asked for, give a waiting person a place, admit someone by
hand. Each is the event's organisers' alone, changes nothing when refused, and is audited with
who did it.

They reuse the rules that already exist rather than restate them: cancelling is
``registration_cancel`` (the waiting list moves as when a holder cancels), a place given is
``waitlist_promote`` (the ticket issued and the person told, as for an offer claimed), and an
admission by hand is the door's ``ticket_check_in`` (once per ticket, counted in the figures).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from core.text import clean_text
from events.adjustments import adjustment_items_create
from events.calendars import LONDON
from events.checkin import ticket_check_in
from events.exceptions import Conflict, NotAllowed, RegistrationError
from events.models import (
    AdjustmentItem,
    AdjustmentStatus,
    CheckIn,
    Event,
    MessageKind,
    OutboxMessage,
    PlaceOffer,
    Registration,
    Ticket,
)
from events.permissions import is_event_organiser
from events.selectors import places_taken
from events.services.common import clean_adjustments, email_owe, lock_event
from events.services.registrations import registration_cancel
from events.services.waiting_list import place_offer_withdraw, places_held, waitlist_promote

# A second "send again" within this time sends nothing more (a double click, two organisers).
RESEND_AGAIN_AFTER = timedelta(minutes=2)
# What the door's log shows as the "device" of an admission made by hand from this page.
MANUAL_ADMISSION_DEVICE = "manual: registrations list"
REASON_MAX_LENGTH = 500


def _require_organiser(by: User, event: Event) -> None:
    if not is_event_organiser(by, event):
        raise NotAllowed(_("Only the event's organisers can do this."))


def _locked(registration: Registration) -> tuple[Event, Registration]:
    """The event, then the registration, locked in that order (as every events write does)."""
    event = lock_event(registration.event)
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    registration.event = event
    return event, registration


def _audit(by: User, action: AuditAction, registration: Registration, **details: object) -> None:
    # The label names the event and the registration's number, never the person.
    audit_record(
        actor=by,
        action=action,
        target=registration,
        label=f"{registration.event.title} #{registration.pk}",
        details={"event_id": registration.event_id, **details},
    )


def _refuse_if_cancelled(registration: Registration) -> None:
    if registration.status == Registration.Status.CANCELLED:
        raise Conflict(_("This registration is already cancelled."), code="already_cancelled")


def registration_cancel_by_organiser(
    *, registration: Registration, by: User, reason: str
) -> Registration:
    """Cancel a registration for the organiser, with the reason kept in the audit log: its
    tickets are revoked, its places go to the waiting list (``registration_cancel``), and the
    person is told by their own channel (the reason, which may be internal, is not sent).
    Refused for a registration already cancelled, or without a reason."""
    reason = clean_text(reason, multiline=True)[:REASON_MAX_LENGTH]
    if not reason:
        raise RegistrationError(_("Give the reason for cancelling."), code="reason_required")
    _require_organiser(by, registration.event)
    with transaction.atomic():
        _event, registration = _locked(registration)
        _refuse_if_cancelled(registration)
        was = registration.status
        registration = registration_cancel(registration=registration, by=by)
        if ticket_channels(registration):
            email_owe(MessageKind.REGISTRATION_CANCELLED, registration.pk)
        _audit(
            by,
            AuditAction.REGISTRATION_CANCEL_BY_ORGANISER,
            registration,
            reason=reason,
            was=was,
            places=registration.group_size,
        )
    return registration


def ticket_channels(registration: Registration) -> list[str]:
    """How a message to the person goes (as ``events.messaging.person_message_send`` sends it):
    by e-mail to their address; by SMS when they gave only a phone, or asked for texts too."""
    channels = []
    if registration.email:
        channels.append("email")
    if registration.phone and (registration.sms_too or not registration.email):
        channels.append("sms")
    return channels


def registration_ticket_send_again(*, registration: Registration, by: User) -> list[str]:
    """Send the person their ticket again, by their own channel (e-mail, or SMS for someone who
    gave only a phone number), through the outbox. Returns the channels used.

    Refused: a cancelled registration, one on the waiting list (no ticket yet), one with no
    contact details left, and a second request within ``RESEND_AGAIN_AFTER`` of the last (a
    double click sends once: the registration row is locked while the outbox is read)."""
    _require_organiser(by, registration.event)
    with transaction.atomic():
        _event, registration = _locked(registration)
        _refuse_if_cancelled(registration)
        if registration.status != Registration.Status.CONFIRMED:
            raise Conflict(
                _("This person is on the waiting list, so has no ticket to send yet."),
                code="no_ticket",
            )
        channels = ticket_channels(registration)
        if not channels:
            raise Conflict(
                _("There is no e-mail address or phone number to send the ticket to."),
                code="no_contact",
            )
        recently = OutboxMessage.objects.filter(
            kind=MessageKind.REGISTRATION_RESEND,
            object_id=registration.pk,
            created_at__gte=timezone.now() - RESEND_AGAIN_AFTER,
        ).exists()
        if recently:
            minutes = RESEND_AGAIN_AFTER.seconds // 60
            raise Conflict(
                ngettext(
                    "The ticket was sent again less than %(minutes)d minute ago.",
                    "The ticket was sent again less than %(minutes)d minutes ago.",
                    minutes,
                )
                % {"minutes": minutes},
                code="sent_recently",
            )
        email_owe(MessageKind.REGISTRATION_RESEND, registration.pk)
        _audit(by, AuditAction.REGISTRATION_TICKET_RESEND, registration, channels=channels)
    return channels


def registration_adjustments_update(
    *, registration: Registration, by: User, adjustments: Sequence[str], detail: str
) -> bool:
    """Change the adjustments a person asked for; the checklist follows: an item for each one
    added, and the items of those taken away removed. Returns whether anything changed.

    Refused: a cancelled registration, an unknown adjustment, and taking away one already met on
    the day (that is a fact of the event)."""
    _require_organiser(by, registration.event)
    detail = clean_text(detail, multiline=True)
    with transaction.atomic():
        event, registration = _locked(registration)
        _refuse_if_cancelled(registration)
        now = timezone.now()
        chosen, _warnings = clean_adjustments(event, adjustments, now)
        added = [code for code in chosen if code not in registration.adjustments]
        removed = [code for code in registration.adjustments if code not in chosen]
        if not added and not removed and detail == registration.adjustments_detail:
            return False
        items_removed = AdjustmentItem.objects.filter(
            registration=registration, adjustment__in=removed
        )
        if items_removed.filter(status=AdjustmentStatus.MET).exists():
            raise Conflict(
                _("An adjustment already met on the day cannot be taken away."),
                code="adjustment_met",
            )
        items_removed.delete()
        # A request added after the deadline is flagged as one made by the person would be.
        _chosen, late = clean_adjustments(event, added, now)
        detail_changed = detail != registration.adjustments_detail
        registration.adjustments = chosen
        registration.adjustments_detail = detail
        registration.adjustments_late = registration.adjustments_late or bool(late)
        registration.save(
            update_fields=["adjustments", "adjustments_detail", "adjustments_late", "updated_at"]
        )
        adjustment_items_create(registration=registration)
        _audit(
            by,
            AuditAction.REGISTRATION_ADJUSTMENTS_CHANGE,
            registration,
            added=added,
            removed=removed,
            detail_changed=detail_changed,
        )
    return True


def places_free_for(registration: Registration) -> int:
    """Places still free at the event if ``registration`` were given its place (negative: over
    capacity). An open offer to this person already holds their places."""
    event = registration.event
    offered = PlaceOffer.objects.filter(
        registration=registration, status=PlaceOffer.Status.OPEN
    ).exists()
    held = places_taken(event) if offered else places_held(event)
    return event.capacity - held - registration.group_size


def registration_promote(
    *, registration: Registration, by: User, over_capacity: bool = False
) -> Registration:
    """Give a person on the waiting list a place by hand: confirmed, ticket issued and sent, as
    when an offered place is claimed (an open offer to them is withdrawn: the place is given).

    Within the event's places, or over them only when the organiser confirmed
    (``over_capacity``). Refused: not on the waiting list, or the event is not open."""
    _require_organiser(by, registration.event)
    with transaction.atomic():
        event, registration = _locked(registration)
        _refuse_if_cancelled(registration)
        if registration.status != Registration.Status.WAITLISTED:
            raise Conflict(_("This person already has a place."), code="not_waiting")
        if event.status != Event.Status.PUBLISHED:
            raise Conflict(_("This event is not open."), code="event_not_open")
        free = places_free_for(registration)
        if free < 0 and not over_capacity:
            raise Conflict(
                ngettext(
                    "The event is full: giving this place takes it over its %(capacity)d "
                    "place. Confirm to give it anyway.",
                    "The event is full: giving this place takes it over its %(capacity)d "
                    "places. Confirm to give it anyway.",
                    event.capacity,
                )
                % {"capacity": event.capacity},
                code="over_capacity",
            )
        now = timezone.now()
        had_offer = place_offer_withdraw(registration=registration, now=now)
        waitlist_promote(event, [registration], now=now)
        _audit(
            by,
            AuditAction.REGISTRATION_PROMOTE,
            registration,
            places=registration.group_size,
            over_capacity=free < 0,
            had_offer=had_offer,
        )
    return registration


def registration_admit_by_hand(*, registration: Registration, ticket: Ticket, by: User) -> Ticket:
    """Admit one of the registration's tickets without scanning it (a broken screen, a lost
    code): the door's own admission (``ticket_check_in``), so the figures count it and a ticket
    is admitted once; its method is recorded as manual in the door's log and the audit.

    Refused, with nothing written: a ticket of another registration, a cancelled registration or
    ticket, a cancelled event, a day before the event's, and a ticket already admitted."""
    event = registration.event
    _require_organiser(by, event)
    if ticket.registration_id != registration.pk:
        raise Conflict(_("This ticket is not this person's."), code="wrong_registration")
    if (
        registration.status == Registration.Status.CANCELLED
        or ticket.status == Ticket.Status.REVOKED
    ):
        raise Conflict(
            _("This registration is cancelled, so it cannot be admitted."), code="cancelled"
        )
    if event.status == Event.Status.CANCELLED:
        raise Conflict(_("This event is cancelled."), code="event_cancelled")
    if timezone.localdate(timezone.now(), LONDON) < timezone.localdate(event.starts_at, LONDON):
        raise Conflict(
            _("People can be admitted from the day of the event."), code="before_the_day"
        )
    if ticket.checked_in_at is not None:
        raise Conflict(_already_admitted(ticket.checked_in_at), code="already_admitted")
    with transaction.atomic():
        outcome = ticket_check_in(
            ticket_id=ticket.pk, event_id=event.pk, by=by, device=MANUAL_ADMISSION_DEVICE
        )
        if outcome.result != CheckIn.Result.OK or outcome.reentry:
            # Another scan won between the read above and the door's write: undo our log of it.
            first = outcome.first_checked_in_at or timezone.now()
            raise Conflict(_already_admitted(first), code="already_admitted")
        _audit(
            by,
            AuditAction.REGISTRATION_ADMIT_BY_HAND,
            registration,
            method="manual",
            ticket=ticket.number,
            scan_id=outcome.scan_id,
        )
    return outcome.ticket or ticket


def _already_admitted(when: datetime) -> str:
    moment = timezone.localtime(when, LONDON)
    return _("This ticket was already admitted at %(time)s on %(day)s.") % {
        "time": moment.strftime("%H:%M"),
        "day": moment.strftime("%d/%m/%Y"),
    }
