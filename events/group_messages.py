"""Organisers message a group of an event's people (registered, waiting, admitted, no-shows,
employers) by e-mail and/or text: who is in each group, what it will cost, and the sending.

Group messages are not essential: someone who asked for no more is left out. Each copy is a
notification in the message's batch, so delivery counts follow Notify's receipts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit_record
from accounts.models import AuditAction, User
from core.exceptions import DomainError
from events.emails import employer_recipients
from events.models import (
    Event,
    GroupMessage,
    MessageGroup,
    Registration,
    StandApplication,
    StandPresence,
    Ticket,
)
from events.services.common import require_organiser
from notifications.models import Channel, OptOut
from notifications.services import Draft, notifications_batch_add
from notifications.sms import SMS_MAX_CHARACTERS, SmsLength, is_uk_mobile, sms_length

OPT_OUT_LINE = gettext_lazy("To get no more messages like this: %(url)s")


class GroupMessageError(DomainError):
    code = "group_message_invalid"


@dataclass(frozen=True)
class Recipient:
    email: str
    phone: str
    about: models.Model


@dataclass
class GroupMessagePlan:
    """Who would receive a message, per channel, before it is sent."""

    emails: list[Recipient] = field(default_factory=list)
    texts: list[Recipient] = field(default_factory=list)
    not_mobile: int = 0  # numbers that cannot be texted (landlines, abroad)
    opted_out: int = 0
    sms: SmsLength | None = None

    @property
    def total(self) -> int:
        return len(self.emails) + len(self.texts)


def _registrations(event: Event, group: str) -> models.QuerySet[Registration]:
    registrations = Registration.objects.filter(event=event, school__isnull=True)
    admitted = Ticket.objects.filter(registration=OuterRef("pk"), checked_in_at__isnull=False)
    if group == MessageGroup.REGISTERED:
        return registrations.filter(status=Registration.Status.CONFIRMED)
    if group == MessageGroup.WAITING_LIST:
        return registrations.filter(status=Registration.Status.WAITLISTED)
    if group == MessageGroup.ADMITTED:
        return registrations.filter(Exists(admitted))
    if group == MessageGroup.NO_SHOWS:
        if event.ends_at > timezone.now():
            return registrations.none()
        return registrations.filter(status=Registration.Status.CONFIRMED).exclude(Exists(admitted))
    return registrations.none()


def group_recipients(*, event: Event, group: str) -> Iterator[Recipient]:
    """Everyone in ``group`` at ``event``: attendees with their e-mail and phone, employers'
    contacts by e-mail."""
    if group in (MessageGroup.EMPLOYERS_APPROVED, MessageGroup.EMPLOYERS_PRESENT):
        applications = StandApplication.objects.filter(
            event=event, status=StandApplication.Status.APPROVED
        ).select_related("employer", "applied_by")
        if group == MessageGroup.EMPLOYERS_PRESENT:
            applications = applications.filter(presence=StandPresence.PRESENT)
        for application in applications:
            for address in employer_recipients(application):
                yield Recipient(email=address, phone="", about=application)
        return
    for registration in _registrations(event, group).order_by("pk").iterator():
        yield Recipient(email=registration.email, phone=registration.phone, about=registration)


def group_message_plan(
    *, event: Event, group: str, by_email: bool, by_sms: bool, body: str
) -> GroupMessagePlan:
    """The recipients per channel; a person reachable both ways gets each channel chosen."""
    plan = GroupMessagePlan(sms=sms_length(body) if by_sms else None)
    opted_out = set(OptOut.objects.values_list("recipient", flat=True))
    for recipient in group_recipients(event=event, group=group):
        if by_email and recipient.email:
            if recipient.email in opted_out:
                plan.opted_out += 1
            else:
                plan.emails.append(recipient)
        if by_sms and recipient.phone:
            if recipient.phone in opted_out:
                plan.opted_out += 1
            elif not is_uk_mobile(recipient.phone):
                plan.not_mobile += 1
            else:
                plan.texts.append(recipient)
    return plan


def group_message_check(
    *, group: str, by_email: bool, by_sms: bool, subject: str, body: str
) -> None:
    """Refuse what can never be sent: no group, no channel, no text, a text over the maximum."""
    subject, body = subject.strip(), body.strip()
    if group not in MessageGroup.values:
        raise GroupMessageError(_("Choose who the message is for."), code="group_required")
    if not (by_email or by_sms):
        raise GroupMessageError(_("Choose e-mail, text message or both."), code="channel_required")
    if not body.strip():
        raise GroupMessageError(_("Write the message."), code="message_empty")
    if by_email and not subject.strip():
        raise GroupMessageError(_("Give the e-mail a subject."), code="subject_required")
    if by_sms and sms_length(body).characters > SMS_MAX_CHARACTERS:
        raise GroupMessageError(
            _("A text message can be at most %(max)d characters; this one has %(n)d.")
            % {"max": SMS_MAX_CHARACTERS, "n": sms_length(body).characters},
            code="sms_too_long",
        )


def group_message_send(
    *, event: Event, group: str, by_email: bool, by_sms: bool, subject: str, body: str, by: User
) -> GroupMessage:
    """Send one message to everyone in ``group`` who can receive it on the chosen channels, as
    one notification each; audited with the group and the counts. Refused, with nothing sent:
    an empty message, no channel, a text over Notify's maximum, or a group with nobody in it."""
    from notifications.views import opt_out_url

    require_organiser(by, event)
    subject, body = subject.strip(), body.strip()
    group_message_check(group=group, by_email=by_email, by_sms=by_sms, subject=subject, body=body)
    plan = group_message_plan(event=event, group=group, by_email=by_email, by_sms=by_sms, body=body)
    if plan.total == 0:
        raise GroupMessageError(
            _("Nobody in this group can receive the message by the channels chosen."),
            code="group_empty",
        )
    with transaction.atomic():
        message = GroupMessage.objects.create(
            event=event,
            group=group,
            by_email=by_email,
            by_sms=by_sms,
            subject=subject,
            body=body,
            email_count=len(plan.emails),
            sms_count=len(plan.texts),
            created_by=by,
        )
        drafts = [
            Draft(
                channel=Channel.EMAIL,
                recipient=recipient.email,
                subject=subject,
                body=f"{body}\n\n{str(OPT_OUT_LINE) % {'url': opt_out_url(recipient.email)}}",
                about=recipient.about,
            )
            for recipient in plan.emails
        ] + [
            Draft(channel=Channel.SMS, recipient=recipient.phone, body=body, about=recipient.about)
            for recipient in plan.texts
        ]
        notifications_batch_add(drafts=drafts, batch=message.batch)
        audit_record(
            actor=by,
            action=AuditAction.GROUP_MESSAGE_SEND,
            target=event,
            label=event.title,
            details={
                "group": group,
                "group_message_id": message.pk,
                "emails": len(plan.emails),
                "texts": len(plan.texts),
            },
        )
    return message
