"""How the messages to attendees were delivered, for the organiser's and the door's pages."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from events.models import Registration
from notifications.selectors import latest_deliveries, undelivered_ids


def registration_deliveries_attach(registrations: Iterable[Registration]) -> None:
    """Give each registration ``deliveries`` (the latest message's status per channel) and
    ``may_not_have_ticket``: a message to the person failed for good (a wrong address or
    number) and none has been delivered. Two queries for the whole page."""
    rows = list(registrations)
    ids = [r.pk for r in rows]
    deliveries = latest_deliveries(model=Registration, ids=ids)
    undelivered = undelivered_ids(model=Registration, ids=ids)
    for registration in rows:
        registration.deliveries = deliveries.get(registration.pk, [])  # type: ignore[attr-defined]
        registration.may_not_have_ticket = registration.pk in undelivered  # type: ignore[attr-defined]


def undelivered_registration_ids(registration_ids: Iterable[int]) -> set[int]:
    return undelivered_ids(model=Registration, ids=registration_ids)


def delivery_warning() -> str:
    """What the door sees beside such a person (the definition, in one line)."""
    return _(
        "May not have received their ticket: a message to them could not be delivered. "
        "Find them by name."
    )
