"""Channel backends: what hands one stored message to the world.

``ConsoleBackend`` (the embedded default) sends e-mail through Django's ``EMAIL_BACKEND`` (the
console, or SMTP when ``EMAIL_URL`` is set) with its attachments, and writes text messages to the
log. ``NotifyBackend`` sends both through GOV.UK Notify with the official client when
``NOTIFY_API_KEY`` is set: one e-mail template whose personalisation is ``subject`` and ``body``,
one SMS template whose personalisation is ``body``, and the row's id as ``reference``.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage

from notifications.models import Channel, Notification

logger = logging.getLogger(__name__)


class DeliveryRefused(Exception):
    """The service will never take this message (Notify's 400 or 403): record it, do not retry."""


class DeliveryDeferred(Exception):
    """The service cannot take it now (Notify's 429 or 5xx, a network fault): try again later."""


class Backend(Protocol):
    def send(self, notification: Notification) -> str:
        """Deliver; return the service's id for the message ("" when it has none)."""

    def sent_before(self, notification: Notification) -> str:
        """The service's id if it already holds a message with this row's reference, else ""."""


class ConsoleBackend:
    def send(self, notification: Notification) -> str:
        if notification.channel == Channel.SMS:
            logger.info("SMS to %s: %s", notification.recipient, notification.body)
            return ""
        message = EmailMessage(notification.subject, notification.body, to=[notification.recipient])
        for attachment in notification.attachments.all():
            message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
        try:
            message.send()
        except OSError as error:  # the mail server is down or refused the connection
            raise DeliveryDeferred(str(error)) from error
        return ""

    def sent_before(self, notification: Notification) -> str:
        return ""


_local = threading.local()


class NotifyBackend:
    def __init__(self) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        # One client per thread and configuration: its HTTP session keeps the connection open
        # between messages (a session is not shared between threads).
        key = (settings.NOTIFY_API_KEY, settings.NOTIFY_BASE_URL)
        if getattr(_local, "key", None) != key:
            _local.client = NotificationsAPIClient(key[0], base_url=key[1], timeout=10)
            _local.key = key
        self.client = _local.client

    def send(self, notification: Notification) -> str:
        reference = str(notification.pk)
        if notification.channel == Channel.SMS:
            call = lambda: self.client.send_sms_notification(  # noqa: E731
                phone_number=notification.recipient,
                template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
                personalisation={"body": notification.body},
                reference=reference,
            )
        else:
            call = lambda: self.client.send_email_notification(  # noqa: E731
                email_address=notification.recipient,
                template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                personalisation={"subject": notification.subject, "body": notification.body},
                reference=reference,
            )
        return str(_answer_or_raise(call)["id"])

    def sent_before(self, notification: Notification) -> str:
        """After a failed attempt the message may have reached Notify all the same (the answer
        was lost): ask for it by reference before sending again."""
        answer = _answer_or_raise(
            lambda: self.client.get_all_notifications(reference=str(notification.pk))
        )
        found = answer.get("notifications") or []
        return str(found[0]["id"]) if found else ""


def _answer_or_raise(call):
    from notifications_python_client.errors import APIError
    from requests import RequestException

    try:
        return call()
    except APIError as error:
        # Notify: 400 (bad request, e.g. a number it cannot text) and 403 (bad key) never succeed
        # on a retry; 429 (rate or daily limit) and 5xx do, later.
        if error.status_code in (429,) or error.status_code >= 500:
            raise DeliveryDeferred(str(error)) from error
        raise DeliveryRefused(str(error)) from error
    except RequestException as error:
        raise DeliveryDeferred(str(error)) from error


def backend_for_settings() -> Backend:
    if getattr(settings, "NOTIFY_API_KEY", ""):
        return NotifyBackend()
    return ConsoleBackend()
