"""Copying an event: the new-event form filled in from an existing event, moved to another day.

Only the event's own details are carried over (what it is, where, for whom, its places and its
registration window, moved by the same number of days); nothing personal — registrations,
tickets, stands — is. The copy is made by ``event_create`` when the organiser submits the form,
so every rule of a new event holds for it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, User
from accounts.permissions import is_admin
from events.calendars import LONDON
from events.models import Event
from events.organiser_forms import EventForm
from events.permissions import ORGANISER_ROLES

# The next quarter: the same weekday thirteen weeks on, as a quarterly jobs fair comes round.
COPY_STEP = timedelta(weeks=13)
DATE_FIELDS = (
    "start_date",
    "end_date",
    "registration_opens_date",
    "registration_closes_date",
    "adjustments_deadline_date",
)


class EventCopyForm(EventForm):
    """The new-event form filled in from an event (``event_copy_initial``). When the organiser
    gives the copy another day, the dates they left as filled in (its end, the registration
    window, the adjustments deadline) move with it by as many days: ``moved_by`` says how many,
    ``moved`` which."""

    moved_by: timedelta | None = None
    moved: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        day, filled_in = data.get("start_date"), self.initial.get("start_date")
        if day and filled_in and day != filled_in and "start_date" in self.changed_data:
            shift = day - filled_in
            self.moved = tuple(
                name for name in DATE_FIELDS[1:] if data.get(name) and name not in self.changed_data
            )
            for name in self.moved:
                data[name] = data[name] + shift
            self.moved_by = shift if self.moved else None
        return super().clean()


def event_organisers_for(user: User) -> QuerySet[Organisation]:
    """The hubs and Jobcentres ``user`` may create events for (every one, for an admin)."""
    if is_admin(user):
        return Organisation.objects.filter(
            kind__in=[OrganisationKind.HUB, OrganisationKind.JOBCENTRE]
        ).order_by("name")
    return Organisation.objects.filter(pk__in=user.organisation_ids(*ORGANISER_ROLES)).order_by(
        "name"
    )


def copy_default_date(event: Event, *, today: date | None = None) -> date:
    """The first day 13, 26, 39… weeks after the event's (same weekday) that is not past."""
    today = today or timezone.localdate(timezone=LONDON)
    day = timezone.localtime(event.starts_at, LONDON).date() + COPY_STEP
    while day < today:
        day += COPY_STEP
    return day


def event_copy_initial(event: Event, *, starts_on: date) -> dict[str, Any]:
    """The new-event form's answers for a copy of ``event`` on ``starts_on``: every date of the
    event (its end, the registration window, the adjustments deadline) moved by the same number
    of days, every time of day kept."""
    initial = EventForm.initial_from(event)
    shift = starts_on - initial["start_date"]
    for name in DATE_FIELDS:
        if initial.get(name):
            initial[name] = initial[name] + shift
    initial["organiser"] = event.organiser_id
    return initial
