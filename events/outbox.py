"""The e-mail outbox: an e-mail owed is a row, written in the transaction that owes it.

Why: queuing with ``transaction.on_commit(lambda: task.delay(...))`` alone loses the e-mail when
the broker is down at that moment — ``.delay`` raises after the commit, the registration is saved
and answered with an error, and nothing remembers the confirmation. Here the service writes an
``OutboxMessage`` inside its transaction; after the commit ``.delay`` is tried and a broker error
is only logged. ``outbox_message_send_task`` sends the row it is given, and the beat task
``outbox_pending_send_task`` sends every row still pending, so the e-mails go when the broker
(or the mail server) is back.

Sent once: the sender claims the row with ``select_for_update(skip_locked=True)`` and only while
``sent_at`` is empty, sends, and sets ``sent_at`` in the same transaction. A second delivery of the
same task (acks_late redelivery, a retry, the sweep racing the worker) finds the row locked or
sent and sends nothing. On SQLite, which has no row locks, every transaction begins IMMEDIATE
(settings), so the second sender waits for the first and then finds ``sent_at`` set. The
functions in ``events.emails`` are themselves once-only per person, a second guard.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from events import adjustments, emails, feedback, find_ticket, waitlist_messages
from events.models import MessageKind, OutboxMessage

logger = logging.getLogger(__name__)

SENDERS: dict[str, Callable[[int], object]] = {
    MessageKind.REGISTRATION_CONFIRMATION: lambda pk: emails.registration_confirmation_send(
        registration_id=pk
    ),
    MessageKind.REGISTRATION_PROMOTED: lambda pk: emails.registration_promoted_send(
        registration_id=pk
    ),
    MessageKind.STAND_APPLICATION_NOTIFY: lambda pk: emails.stand_application_notify_send(
        application_id=pk
    ),
    MessageKind.EVENT_CANCELLATION_NOTICES: lambda pk: emails.event_cancellation_notices_send(
        event_id=pk
    ),
    MessageKind.EVENT_CHANGED_NOTICES: lambda pk: emails.event_changed_notices_send(event_id=pk),
    MessageKind.REGISTRATION_RESEND: lambda pk: emails.registration_resend_send(registration_id=pk),
    MessageKind.REGISTRATION_CANCELLED: lambda pk: emails.registration_cancelled_send(
        registration_id=pk
    ),
    MessageKind.PLACE_OFFERED: lambda pk: waitlist_messages.place_offered_send(offer_id=pk),
    MessageKind.PLACE_OFFER_EXPIRED: lambda pk: waitlist_messages.place_offer_expired_send(
        offer_id=pk
    ),
    MessageKind.TICKET_LOOKUP: lambda pk: find_ticket.ticket_lookup_send(lookup_id=pk),
    MessageKind.FEEDBACK_INVITATION: lambda pk: feedback.feedback_invitation_send(feedback_id=pk),
    MessageKind.ADJUSTMENT_CONFIRMATION: lambda pk: adjustments.adjustment_confirmation_send(
        item_id=pk
    ),
    MessageKind.STAND_RETURN_REQUEST: lambda pk: _stand_return_request_send(pk),
}


# A row that failed this often is left for a person to look at (its last_error), not retried
# every minute for ever. At one sweep a minute that is well over an hour of mail-server outage.
MAX_ATTEMPTS = 100
SWEEP_BATCH = 200


def _stand_return_request_send(request_id: int) -> bool:
    from events.returns import stand_return_request_send  # imports the outbox itself

    return stand_return_request_send(request_id=request_id)


def outbox_message_add(*, kind: MessageKind, object_id: int) -> OutboxMessage:
    """Owe an e-mail. Call inside the transaction of the change that owes it: the row commits or
    rolls back with it; after the commit the row is handed to the broker if it answers."""
    message = OutboxMessage.objects.create(kind=MessageKind(kind), object_id=object_id)
    message_id = message.pk
    transaction.on_commit(lambda: _hand_to_broker(message_id))
    return message


def _hand_to_broker(message_id: int) -> None:
    from events.tasks import outbox_message_send_task

    try:
        outbox_message_send_task.delay(message_id)
    except Exception:
        # The broker is unreachable (or the in-process send failed): the row stays pending and
        # the beat sweep sends it. The request that owed the e-mail has succeeded; say so.
        logger.warning(
            "Outbox message %s not handed to the broker; the sweep will send it",
            message_id,
            exc_info=True,
        )


def outbox_message_send(*, message_id: int) -> bool:
    """Send one owed e-mail unless it has been sent or another sender holds it; True when this
    call sent it (or found it needed no e-mail, e.g. the registration was cancelled since)."""
    try:
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=message_id, sent_at__isnull=True)
                .first()
            )
            if message is None:
                return False
            SENDERS[message.kind](message.object_id)
            message.sent_at = timezone.now()
            message.save(update_fields=["sent_at"])
    except Exception as error:
        _record_failure(message_id, error)
        raise
    return True


def _record_failure(message_id: int, error: Exception) -> None:
    try:
        OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True).update(
            attempts=F("attempts") + 1, last_error=f"{error.__class__.__name__}: {error}"[:2000]
        )
    except DatabaseError:
        logger.warning("Could not record the failure of outbox message %s", message_id)


def outbox_pending_send(*, batch: int = SWEEP_BATCH) -> int:
    """Send the e-mails still owed, oldest first (the broker was down when they were owed, or the
    send failed); returns how many this sweep sent. One failure does not stop the others."""
    pending = list(
        OutboxMessage.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:batch]
    )
    sent = 0
    # One transaction per row on purpose: each holds its row's lock only while it sends.
    for message_id in pending:
        try:
            sent += outbox_message_send(message_id=message_id)
        except Exception:
            logger.exception("Outbox message %s failed; it stays pending", message_id)
    return sent
