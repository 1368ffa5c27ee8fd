"""Writes for attendees' registrations: registering one person (no account needed) and
cancelling a registration, whose places then go to the waiting list."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.retry import deadlock_retried
from core.text import clean_text
from events.adjustments import adjustment_items_create
from events.exceptions import AlreadyRegistered, Conflict, NotAllowed, RegistrationError
from events.models import (
    AgeBand,
    AttendeeCategory,
    EthnicityGroup,
    Event,
    Registration,
    Sex,
    Ticket,
    YesNoPreferNot,
)
from events.permissions import may_change_registration
from events.priority_groups import priority_groups_clean, priority_groups_store
from events.services.common import (
    MessageKind,
    Notice,
    RegistrationResult,
    check_registration_open,
    clean_adjustments,
    contact_clean,
    email_owe,
    lock_event,
    normalise_email,
)
from events.services.place_take import place_take
from events.services.waiting_list import place_offer_withdraw, waitlist_advance


def _check_choice(value: str, choices: Sequence[str], label: str) -> str:
    if value and value not in choices:
        raise RegistrationError(
            _("Choose an answer from the list for “%(question)s”.") % {"question": label},
            code="invalid_answer",
        )
    return value


def registration_create(
    *,
    event: Event,
    name: str,
    category: str,
    privacy_consent: bool,
    email: str = "",
    phone: str = "",
    sms_too: bool = False,
    adjustments: Sequence[str] = (),
    adjustments_detail: str = "",
    age_band: str = "",
    disability: str = "",
    ethnicity_group: str = "",
    sex: str = "",
    complex_barriers: bool | None = None,
    consent_contact_employers: bool = False,
    priority_groups: Sequence[str] = (),
    priority_groups_consent: bool = False,
    by: User | None = None,
) -> RegistrationResult:
    """Register one person (no account needed) and issue their ticket, or put them on the
    waiting list when the event is full.

    Refused, with nothing saved: a cancelled, unpublished or closed event; neither e-mail nor
    phone; a malformed e-mail or UK phone number; an e-mail already registered for this event
    (case-insensitive); no privacy consent. Adjustments that need booking asked for after the
    event's deadline still register, with an ``adjustments_after_deadline`` warning.
    """
    name = clean_text(name)  # no control characters, whether from the form or the API
    if not name:
        raise RegistrationError(_("Enter your name."), code="name_required")
    email, phone = contact_clean(email=email, phone=phone)
    if category not in AttendeeCategory.values:
        raise RegistrationError(_("Choose who you are from the list."), code="invalid_category")
    _check_choice(age_band, AgeBand.values, _("Age"))
    _check_choice(disability, YesNoPreferNot.values, _("Disability"))
    _check_choice(ethnicity_group, EthnicityGroup.values, _("Ethnic group"))
    _check_choice(sex, Sex.values, _("Sex"))
    groups = priority_groups_clean(groups=priority_groups, consent=priority_groups_consent)
    if not privacy_consent:
        raise RegistrationError(
            _("Confirm you have read the privacy notice to register."),
            code="privacy_consent_required",
        )
    now = timezone.now()
    # Checked here to refuse early, and again under the lock at the end, which has the last word.
    check_registration_open(event, now)
    chosen, warnings = clean_adjustments(event, adjustments, now)

    # Everything that is the person's own is written first, without holding any shared row;
    # the place is taken last (``place_take``), so the event row is locked only for that last
    # round trip and the commit, not for the whole registration.
    # A door volunteer's walk-in with the same address at the same instant can deadlock with
    # this (each waits for the other's row); the database aborts one, which is run again.
    def write() -> RegistrationResult:
        notices = list(warnings)
        with transaction.atomic():
            registration = Registration(
                event=event,
                name=name[:200],
                email=email,
                phone=phone,
                sms_too=sms_too and bool(phone),
                category=category,
                adjustments=chosen,
                adjustments_detail=clean_text(adjustments_detail, multiline=True),
                adjustments_late=any(n.code == "adjustments_after_deadline" for n in warnings),
                age_band=age_band,
                disability=disability,
                ethnicity_group=ethnicity_group,
                sex=sex,
                complex_barriers=complex_barriers,
                consent_contact_employers=consent_contact_employers,
                privacy_consent_at=now,
                status=Registration.Status.CONFIRMED,  # until place_take finds no place left
                language=translation.get_language() or "",
                created_by=by if by is not None and by.is_authenticated else None,
            )
            try:
                registration.save()
            except IntegrityError:
                # The address holds a place here already (case-insensitively): the
                # one-per-e-mail constraint refuses the row, also when both register at the
                # same moment (this insert then waits for the other's commit). No query is
                # spent asking first.
                raise AlreadyRegistered(
                    _("This e-mail address is already registered for this event.")
                ) from None
            priority_groups_store(registration=registration, groups=groups, now=now)
            adjustment_items_create(registration=registration)
            # By e-mail, or by SMS to someone who gave only a phone number; sent after the
            # commit, and it reads the registration then, so it says place or waiting list.
            email_owe(MessageKind.REGISTRATION_CONFIRMATION, registration.pk)
            tickets = place_take(event, registration, holder=name)
            if not tickets:
                notices.append(
                    Notice(
                        "waitlisted",
                        _(
                            "The event is full, so you are on the waiting list. If a place "
                            "frees up, we will offer it to you."
                        ),
                    )
                )
        return RegistrationResult(registration=registration, tickets=tickets, warnings=notices)

    return deadlock_retried(write)


# The same address registering again within this time sends the ticket once, not once a try.
RESEND_QUIET_SECONDS = 10 * 60


def registration_ticket_resend(*, event: Event, email: str) -> bool:
    """Send the place held by ``email`` at ``event`` to that address again (what answers a
    second registration with the same address, instead of saying it is taken). At most one
    e-mail per registration in ``RESEND_QUIET_SECONDS``, so nobody can flood an inbox."""
    email = normalise_email(email)
    registration_id = (
        Registration.objects.filter(event=event, email__iexact=email, school__isnull=True)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("pk", flat=True)
        .first()
    )
    if registration_id is None or not cache.add(
        f"events:ticket-resend:{registration_id}", 1, RESEND_QUIET_SECONDS
    ):
        return False
    with transaction.atomic():
        email_owe(MessageKind.REGISTRATION_RESEND, registration_id)
    return True


def registration_cancel(*, registration: Registration, by: User | None = None) -> Registration:
    """Cancel a registration: its tickets are revoked and its places are offered to the waiting
    list, in order (``events.services.waiting_list``). Cancelling twice changes nothing.

    ``by`` is the organiser or the school's Careers Leader; ``None`` means the attendee, who
    proved it by holding the ticket's token (the caller checks that).
    """
    with transaction.atomic():
        event = lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if by is not None and not may_change_registration(by, registration):
            raise NotAllowed(_("You cannot cancel this registration."))
        if registration.status == Registration.Status.CANCELLED:
            return registration
        now = timezone.now()
        if by is None and event.starts_at <= now:
            # Who came is a fact of the event: the attendee can no longer take it back.
            raise Conflict(
                _(
                    "This event has started, so the ticket can no longer be cancelled. If you "
                    "could not come, there is nothing you need to do."
                ),
                code="event_started",
            )
        held_places = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        Ticket.objects.filter(registration=registration, status=Ticket.Status.VALID).update(
            status=Ticket.Status.REVOKED, revoked_at=now, changed_at=now
        )
        offer_withdrawn = place_offer_withdraw(registration=registration, now=now)
        if (held_places or offer_withdrawn) and event.status == Event.Status.PUBLISHED:
            waitlist_advance(event, now=now)
    # No ledger rebuild: a cancelled ticket's stand visits stay facts, and nothing else the
    # ledger reads changed.
    return registration
