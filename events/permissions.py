"""Who may see and change venues, events, programmes, stand applications, registrations, tickets.

- An event is run by its organiser: the coordinators of the organising hub or the organisers of
  the organising Jobcentre. They change it and see everything registered for it.
- Published (and cancelled, and held) events are visible to everyone signed in; drafts only to
  their organisers.
- An employer's contacts see and change (withdraw) their own stand applications, and they alone
  scan visitors at its stand.
- A school's Careers Leaders see and change their school's group bookings.
- Leads read everything and admins do everything (accounts.permissions).

Each question below is answered by one function; services, pages and the API all ask it here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from accounts.permissions import EVERY_ROW, Action, is_admin, register_rule, register_scope
from employers.models import Employer
from events.models import (
    Event,
    Programme,
    Registration,
    ScannerAssignment,
    StandApplication,
    Ticket,
    Venue,
)

# The roles that run events: a hub's coordinators and a Jobcentre's organisers.
ORGANISER_ROLES = (Role.COORDINATOR, Role.JOBCENTRE_ORGANISER)


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _organises(user: Any, organiser_id: int | None) -> bool:
    """A member of the organising hub or Jobcentre in an organiser role (admins not included)."""
    return _signed_in(user) and organiser_id in user.organisation_ids(*ORGANISER_ROLES)


def may_organise_for(user: Any, organisation_id: int | None) -> bool:
    """May ``user`` run events for this hub or Jobcentre (create them in its name)?"""
    return is_admin(user) or _organises(user, organisation_id)


def is_event_organiser(user: Any, event: Event) -> bool:
    """The hub's coordinators or the Jobcentre's organisers (and admins) run an event."""
    return may_organise_for(user, event.organiser_id)


def may_scan_at(user: Any, event: Event) -> bool:
    """Organisers of the event, the volunteers they authorised for it, and admins.

    ``events.checkin`` asks the same question in SQL on the door's hot path; a test holds the
    two equal."""
    if not _signed_in(user):
        return False
    if is_event_organiser(user, event):
        return True
    return ScannerAssignment.objects.filter(event=event, user=user).exists()


def is_employer_contact(user: Any, employer: Employer) -> bool:
    """One of the employer's own contacts (not its Enterprise Advisers; admins not included:
    the pages for an employer's own applications are its contacts' alone)."""
    return _signed_in(user) and employer.organisation_id in user.organisation_ids(
        Role.EMPLOYER_CONTACT
    )


def acts_for_employer(user: Any, employer: Employer) -> bool:
    """The employer's own contacts, or an administrator: who applies for and withdraws its
    stands and scans visitors at them."""
    return is_admin(user) or is_employer_contact(user, employer)


def employers_user_may_apply_for(user: Any) -> QuerySet[Employer]:
    """The employers ``user`` may apply for a stand for (``acts_for_employer``), by name."""
    if is_admin(user):
        return Employer.objects.order_by("name")
    if not _signed_in(user):
        return Employer.objects.none()
    return Employer.objects.filter(
        organisation_id__in=user.organisation_ids(Role.EMPLOYER_CONTACT)
    ).order_by("name")


def may_scan_at_stand(user: Any, application: StandApplication) -> bool:
    """Visitors are scanned at a stand by the employer's own contacts, or an administrator:
    Enterprise Advisers would otherwise receive visitors' contact details."""
    return acts_for_employer(user, application.employer)


def may_book_for_school(user: Any, school_organisation_id: int | None) -> bool:
    """The school's Careers Leaders (and admins) book its pupils' places."""
    return is_admin(user) or (
        _signed_in(user) and school_organisation_id in user.organisation_ids(Role.CAREERS_LEADER)
    )


def _school_books(user: Any, registration: Registration) -> bool:
    school = registration.school if registration.school_id is not None else None
    return (
        school is not None
        and _signed_in(user)
        and school.organisation_id in user.organisation_ids(Role.CAREERS_LEADER)
    )


def may_change_registration(user: Any, registration: Registration) -> bool:
    """The event's organisers (and admins), or the Careers Leaders of the school that booked."""
    return is_event_organiser(user, registration.event) or _school_books(user, registration)


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
    # Admins are let through by accounts.permissions before any rule is asked.
    return _organises(user, registration.event.organiser_id) or _school_books(user, registration)


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
