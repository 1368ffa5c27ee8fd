"""Reaching a person: every message the service sends is built here from one template name and
stored as one notification per recipient per channel (``notifications``), delivered by the
channel backend (the console and Django's e-mail by default, GOV.UK Notify when configured).

``person_message_send`` is the one door for every sender: it renders
``templates/events/email/<template>_{subject,body}.txt`` (and, for SMS, ``<template>_sms.txt``
when it exists) in the person's language and writes the rows inside the caller's transaction,
so the message commits with the change that owes it and is never lost to a broker that is down.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import models
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from events.calendars import event_calendar, event_calendar_url, event_url
from events.models import Event, Ticket
from events.tickets import ticket_qr_png, ticket_url
from notifications.models import Channel
from notifications.services import notification_add

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
    about: models.Model | None = None,
    essential: bool = True,
) -> int:
    """Render ``template`` in the person's language and owe it: by e-mail to ``email`` (or to
    every address in ``emails``), with each ticket's QR code and the event's .ics for the e-mail
    backends that carry files (the body links to both, for those that do not); by SMS to
    ``phone`` when there is no address, or as well when ``sms_too``. Returns the rows written."""
    addresses = [address for address in (email, *emails) if address]
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        if event is not None:
            context = {
                **context,
                "event": event,
                "event_url": event_url(event),
                "calendar_url": event_calendar_url(event),
            }
        # GOV.UK Notify carries no files: the text then points at the links instead.
        context = {**context, "files_attached": not settings.NOTIFY_API_KEY}
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
            sms_body = sms_text(template, context, subject)
    written = 0
    if addresses:
        attachments = _attachments(event, tickets) if not settings.NOTIFY_API_KEY else []
        for address in addresses:
            written += (
                notification_add(
                    channel=Channel.EMAIL,
                    recipient=address,
                    subject=subject,
                    body=body,
                    language=language,
                    about=about,
                    essential=essential,
                    attachments=attachments,
                )
                is not None
            )
    if sms_body:
        written += (
            notification_add(
                channel=Channel.SMS,
                recipient=phone,
                body=sms_body,
                language=language,
                about=about,
                essential=essential,
            )
            is not None
        )
    return written


def _attachments(event: Event | None, tickets: list[Ticket] | None) -> list[Attachment]:
    files: list[Attachment] = [
        (f"ticket-{ticket.number}.png", ticket_qr_png(ticket.token), "image/png")
        for ticket in tickets or []
    ]
    if event is not None:
        files.append(("event.ics", event_calendar(event), "text/calendar"))
    return files


def sms_text(template: str, context: dict[str, Any], subject: str) -> str:
    """The short text of ``template``: its ``_sms.txt`` when there is one, else the subject and
    the ticket links. Whitespace runs become one space (an SMS has no layout)."""
    try:
        return " ".join(render_to_string(f"events/email/{template}_sms.txt", context).split())
    except TemplateDoesNotExist:
        links = [ticket["url"] for ticket in context.get("tickets", [])]
        return " ".join([subject, *links])
