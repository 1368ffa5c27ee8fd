"""Who may see and change venues, events, programmes, stand applications, registrations, tickets.

- An event is run by its organiser: the coordinators of the organising hub or the organisers of
  the organising Jobcentre. They change it and see everything registered for it.
- Published (and cancelled, and held) events are visible to everyone signed in; drafts only to
  their organisers.
- An employer's contacts see and change (withdraw) their own stand applications.
- A school's Careers Leaders see and change their school's group bookings.
- Leads read everything and admins do everything (accounts.permissions).
"""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Role, User
from accounts.permissions import EVERY_ROW, Action, register_rule, register_scope
from events.models import Event, Programme, Registration, StandApplication, Ticket, Venue

ORGANISER_ROLES = (Role.COORDINATOR, Role.JOBCENTRE_ORGANISER)


def _organises(user: User, organiser_id: int | None) -> bool:
    return organiser_id in user.organisation_ids(*ORGANISER_ROLES)


@register_rule(Venue)
def _venue_rule(user: User, venue: Venue, action: Action) -> bool:
    if action is Action.VIEW:
        return True
    if user.has_role(Role.COORDINATOR):
        return True
    return venue.organisation_id in user.organisation_ids(Role.JOBCENTRE_ORGANISER)


@register_scope(Venue)
def _venue_scope(user: User) -> Q:
    return EVERY_ROW


@register_rule(Event)
def _event_rule(user: User, event: Event, action: Action) -> bool:
    if _organises(user, event.organiser_id):
        return True
    return action is Action.VIEW and event.status in Event.PUBLIC_STATUSES


@register_scope(Event)
def _event_scope(user: User) -> Q:
    return Q(status__in=Event.PUBLIC_STATUSES) | Q(
        organiser_id__in=user.organisation_ids(*ORGANISER_ROLES)
    )


@register_rule(Programme)
def _programme_rule(user: User, programme: Programme, action: Action) -> bool:
    # Programmes are county-wide plans: every coordinator and Jobcentre organiser works on them.
    return user.has_role(*ORGANISER_ROLES)


@register_scope(Programme)
def _programme_scope(user: User) -> Q:
    return EVERY_ROW if user.has_role(*ORGANISER_ROLES) else Q(pk__in=[])


@register_rule(StandApplication)
def _stand_rule(user: User, application: StandApplication, action: Action) -> bool:
    if application.employer.organisation_id in user.organisation_ids(Role.EMPLOYER_CONTACT):
        return True
    return _organises(user, application.event.organiser_id)


@register_scope(StandApplication)
def _stand_scope(user: User) -> Q:
    return Q(employer__organisation_id__in=user.organisation_ids(Role.EMPLOYER_CONTACT)) | Q(
        event__organiser_id__in=user.organisation_ids(*ORGANISER_ROLES)
    )


def _registration_allowed(user: User, registration: Registration) -> bool:
    if _organises(user, registration.event.organiser_id):
        return True
    return registration.school_id is not None and (
        registration.school.organisation_id in user.organisation_ids(Role.CAREERS_LEADER)
    )


@register_rule(Registration)
def _registration_rule(user: User, registration: Registration, action: Action) -> bool:
    return _registration_allowed(user, registration)


@register_scope(Registration)
def _registration_scope(user: User) -> Q:
    return Q(event__organiser_id__in=user.organisation_ids(*ORGANISER_ROLES)) | Q(
        school__organisation_id__in=user.organisation_ids(Role.CAREERS_LEADER)
    )


@register_rule(Ticket)
def _ticket_rule(user: User, ticket: Ticket, action: Action) -> bool:
    return _registration_allowed(user, ticket.registration)


@register_scope(Ticket)
def _ticket_scope(user: User) -> Q:
    return Q(event__organiser_id__in=user.organisation_ids(*ORGANISER_ROLES)) | Q(
        registration__school__organisation_id__in=user.organisation_ids(Role.CAREERS_LEADER)
    )
