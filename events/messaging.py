"""Reaching a person: every message the service sends is built here from one template name and
delivered by e-mail, by SMS, or both, whichever way the person can be reached.

``person_message_send`` is the one door for every sender: it renders
``templates/events/email/<template>_{subject,body}.txt`` (and, for SMS, ``<template>_sms.txt``
when it exists) in the person's language and hands the result to the channel that delivers it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from events.calendars import event_calendar, event_calendar_url, event_url
from events.models import Event, Ticket
from events.tickets import ticket_qr_png, ticket_url

logger = logging.getLogger(__name__)

Attachment = tuple[str, bytes, str]


def person_message_send(
    *,
    template: str,
    context: dict[str, Any],
    email: str = "",
    emails: Sequence[str] = (),
    phone: str = "",
    sms_too: bool = False,
    language: str = "",
    event: Event | None = None,
    tickets: list[Ticket] | None = None,
) -> None:
    """Render ``template`` in the person's language and send it: by e-mail to ``email`` (or to
    every address in ``emails``), with each ticket's QR code and the event's .ics attached; by SMS
    to ``phone`` when there is no address, or as well when ``sms_too``."""
    addresses = [address for address in (email, *emails) if address]
    with translation.override(language or settings.LANGUAGE_CODE):
        if event is not None:
            context = {
                **context,
                "event": event,
                "event_url": event_url(event),
                "calendar_url": event_calendar_url(event),
            }
        if tickets:
            context["tickets"] = [
                {"ticket": ticket, "url": ticket_url(ticket)} for ticket in tickets
            ]
        subject = " ".join(
            render_to_string(f"events/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"events/email/{template}_body.txt", context)
        sms_body = ""
        if phone and (sms_too or not addresses):
            sms_body = _sms_text(template, context, subject)
        attachments: list[Attachment] = [
            (f"ticket-{ticket.number}.png", ticket_qr_png(ticket.token), "image/png")
            for ticket in tickets or []
        ]
        if event is not None:
            attachments.append(("event.ics", event_calendar(event), "text/calendar"))
    if addresses:
        message = EmailMessage(subject, body, to=addresses)
        for filename, content, mimetype in attachments:
            message.attach(filename, content, mimetype)
        message.send()
    if sms_body:
        sms_send(phone=phone, body=sms_body)


def _sms_text(template: str, context: dict[str, Any], subject: str) -> str:
    try:
        return " ".join(render_to_string(f"events/email/{template}_sms.txt", context).split())
    except TemplateDoesNotExist:
        links = [ticket["url"] for ticket in context.get("tickets", [])]
        return " ".join([subject, *links])


def sms_send(*, phone: str, body: str) -> None:
    """Deliver one text message. Without an SMS service configured it is written to the log, as
    the console e-mail backend prints e-mails."""
    logger.info("SMS to %s: %s", phone, body)
