"""Writing and delivering messages to people.

``notification_add`` is called inside the transaction of the change that owes the message: the
row commits or rolls back with it, and after the commit it is handed to the broker if the broker
answers (a broker that is down only delays it: the beat sweep ``notifications_pending_send``
sends every row still pending).

Sent once: ``notification_send`` claims the row with ``select_for_update(skip_locked=True)``
while it is pending and holds no provider id, sends, and stores the provider's id and status in
the same transaction. A second delivery of the task finds the row locked or sent. After a failed
attempt it first asks the service whether the message arrived all the same (by its reference,
the row id), so a lost answer never becomes a second text.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, models, transaction
from django.utils import timezone

from notifications.backends import DeliveryDeferred, DeliveryRefused, backend_for_settings
from notifications.models import (
    Channel,
    DeliveryStatus,
    Notification,
    NotificationAttachment,
    OptOut,
)

logger = logging.getLogger(__name__)

# A temporary fault (429, 5xx, network) is retried with a doubling wait — 30 s, 1 min, 2 min …
# capped at an hour — until this many attempts; then the row is failed, with its last error kept.
MAX_ATTEMPTS = 12
FIRST_RETRY_SECONDS = 30
LONGEST_RETRY_SECONDS = 3600
SWEEP_BATCH = 500

Attachment = tuple[str, bytes | str, str]


def retry_delay_seconds(attempts: int) -> int:
    """The wait before attempt ``attempts + 1``: exponential, capped."""
    return int(min(LONGEST_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0)))


def notification_add(
    *,
    channel: str,
    recipient: str,
    body: str,
    subject: str = "",
    language: str = "",
    about: models.Model | None = None,
    essential: bool = True,
    batch: str = "",
    attachments: Sequence[Attachment] = (),
) -> Notification | None:
    """Owe one message to one recipient. Call inside the transaction that owes it. A message
    that is not essential is not written for someone who asked for no more (returns None)."""
    if not essential and OptOut.objects.filter(recipient=recipient).exists():
        return None
    notification = Notification.objects.create(
        channel=Channel(channel),
        recipient=recipient,
        subject=subject[:300],
        body=body,
        language=language,
        essential=essential,
        batch=batch,
        about_type=ContentType.objects.get_for_model(about) if about is not None else None,
        about_id=about.pk if about is not None else None,
    )
    NotificationAttachment.objects.bulk_create(
        NotificationAttachment(
            notification=notification,
            filename=name,
            content=content.encode() if isinstance(content, str) else content,
            mimetype=mimetype,
        )
        for name, content, mimetype in attachments
    )
    notification_id = notification.pk
    transaction.on_commit(lambda: hand_to_broker(notification_id))
    return notification


@dataclass(frozen=True)
class Draft:
    channel: str
    recipient: str
    body: str
    subject: str = ""
    about: models.Model | None = None


def notifications_batch_add(*, drafts: Sequence[Draft], batch: str) -> int:
    """Owe many messages that are not essential at once (a message to a group): one INSERT per
    500 rows, and one task after the commit that hands the batch to the senders. Someone who
    asked for no more is left out. Returns the rows written."""
    opted_out = set(
        OptOut.objects.filter(recipient__in={d.recipient for d in drafts}).values_list(
            "recipient", flat=True
        )
    )
    rows = [
        Notification(
            channel=Channel(draft.channel),
            recipient=draft.recipient,
            subject=draft.subject[:300],
            body=draft.body,
            essential=False,
            batch=batch,
            about_type=(
                ContentType.objects.get_for_model(draft.about) if draft.about is not None else None
            ),
            about_id=draft.about.pk if draft.about is not None else None,
        )
        for draft in drafts
        if draft.recipient not in opted_out
    ]
    Notification.objects.bulk_create(rows, batch_size=500)
    transaction.on_commit(lambda: hand_batch_to_broker(batch))
    return len(rows)


def hand_batch_to_broker(batch: str) -> None:
    from notifications.tasks import notification_batch_dispatch_task

    try:
        notification_batch_dispatch_task.delay(batch)
    except Exception:
        logger.warning("Batch %s not handed to the broker; the sweep will send it", batch)


def notification_batch_dispatch(*, batch: str) -> int:
    """One task per pending message of a batch, so the workers send them in parallel (each
    within the rate limit); returns how many were handed over."""
    ids = list(
        Notification.objects.filter(batch=batch, status=DeliveryStatus.PENDING, provider_id="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for notification_id in ids:
        hand_to_broker(notification_id)
    return len(ids)


def hand_to_broker(notification_id: int) -> None:
    from notifications.tasks import notification_send_task

    try:
        notification_send_task.delay(notification_id)
    except Exception:
        # The broker is unreachable: the row stays pending and the beat sweep sends it. The
        # request that owed the message has succeeded; say so.
        logger.warning(
            "Message %s not handed to the broker; the sweep will send it",
            notification_id,
            exc_info=True,
        )


def notification_send(*, notification_id: int) -> bool:
    """Send one pending message unless it was sent or another sender holds it. True when this
    call sent it. Raises ``DeliveryDeferred`` (after recording the attempt) when the service
    asked to be tried later; a refusal is recorded as ``failed`` and never retried."""
    backend = backend_for_settings()
    deferred: DeliveryDeferred | None = None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id, status=DeliveryStatus.PENDING, provider_id="")
            .first()
        )
        if notification is None:
            return False
        now = timezone.now()
        try:
            provider_id = backend.sent_before(notification) if notification.attempts else ""
            if not provider_id:
                provider_id = backend.send(notification)
        except DeliveryRefused as error:
            notification.status = DeliveryStatus.FAILED
            _note_attempt(notification, error, now)
            return False
        except DeliveryDeferred as error:
            _note_attempt(notification, error, now)
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = DeliveryStatus.FAILED
                notification.save(update_fields=["status"])
                return False
            deferred = error
        else:
            notification.provider_id = provider_id
            notification.status = DeliveryStatus.SENT
            notification.sent_at = now
            notification.save(update_fields=["provider_id", "status", "sent_at"])
            return True
    raise deferred or DeliveryDeferred("")


def _note_attempt(notification: Notification, error: Exception, now: datetime) -> None:
    notification.attempts += 1
    notification.last_error = f"{error.__class__.__name__}: {error}"[:2000]
    notification.next_attempt_at = now + timedelta(
        seconds=retry_delay_seconds(notification.attempts)
    )
    notification.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])


def notifications_pending_send(*, batch: int = SWEEP_BATCH) -> int:
    """Send the messages still pending whose retry time has come, oldest first; returns how many
    this sweep sent. One failure does not stop the others."""
    now = timezone.now()
    pending = list(
        Notification.objects.filter(status=DeliveryStatus.PENDING, provider_id="")
        .filter(models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lte=now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:batch]
    )
    sent = 0
    for notification_id in pending:
        try:
            sent += notification_send(notification_id=notification_id)
        except DeliveryDeferred:
            logger.info("Message %s deferred; it stays pending", notification_id)
        except DatabaseError:
            logger.exception("Message %s could not be sent; it stays pending", notification_id)
    return sent


class ReceiptInvalid(Exception):
    """A delivery receipt that names no message of ours or carries no usable status."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


RECEIPT_STATUSES = {
    DeliveryStatus.DELIVERED,
    DeliveryStatus.PERMANENT_FAILURE,
    DeliveryStatus.TEMPORARY_FAILURE,
    DeliveryStatus.TECHNICAL_FAILURE,
}


@transaction.atomic
def notification_receipt_record(*, payload: dict[str, Any]) -> Notification:
    """Store what Notify's delivery receipt says about one of our messages: found by its
    ``reference`` (our id) and checked against its ``id`` (Notify's)."""
    status = payload.get("status")
    reference = str(payload.get("reference") or "")
    provider_id = str(payload.get("id") or "")
    if status not in RECEIPT_STATUSES or not provider_id:
        raise ReceiptInvalid("invalid", "A receipt needs an id and a final status.")
    candidates = Notification.objects.select_for_update()
    if reference.isdigit():
        notification = candidates.filter(pk=int(reference)).first()
        if notification is not None and notification.provider_id not in ("", provider_id):
            notification = None
    else:
        notification = candidates.filter(provider_id=provider_id).first()
    if notification is None:
        raise ReceiptInvalid("unknown_notification", "No message of ours has this id.")
    notification.status = status
    notification.provider_id = provider_id
    notification.completed_at = timezone.now()
    notification.save(update_fields=["status", "provider_id", "completed_at"])
    return notification


def recipient_opt_out(*, recipient: str) -> None:
    """No more messages that are not essential to this address or number."""
    OptOut.objects.get_or_create(recipient=recipient)
