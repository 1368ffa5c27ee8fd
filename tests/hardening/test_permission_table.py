"""Who may do what: every staff page and every API operation × every role × own/other side.

The expected answers come from DESIGN.md's "Who uses it" and the permission rules
(accounts/permissions.py and each app's permissions.py), written out here role by role:

- admin: everything; lead: reads everything staff-facing (the county's measures, registers,
  programmes, matching) and changes nothing but the measures' targets, snapshots and reported
  figures — except attendees' personal data (who registered, door lists), which is for the
  event's organisers;
- coordinator: keeps the county's employer and adviser registers, their own hub's schools,
  matching rounds, matches and the events their hub organises; reads the programme;
- Jobcentre organiser: their Jobcentre's events (stands, registrations, the door), the programme,
  reads the employer register (to decide stands) and their Jobcentre's dashboard;
- employer contact: their employer, its advisers, stands and encounters; applies for stands at
  any published fair and scans visitors at an approved stand;
- Enterprise Adviser: themselves, their employer, and the school they are matched with;
- Careers Leader: their school (and its pupils on roll), its group bookings and encounters;
- a door volunteer (no role): the scanner of the event they were authorised for, nothing else;
- signed out: nothing staff-facing (pages send to sign-in; the API answers 401/403).

"Own" means an object of the user's own organisation (side A); "other" the same object of the
twin organisation (side B). A new URL or API operation missing from these tables fails the test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.models import Role
from core.periods import financial_year_of
from events.models import AdjustmentItem, CalendarFeed, Registration, StandApplication
from schools.models import School
from tests.factories import RegistrationFactory
from tests.hardening.world import OTHER, OWN, ROLES, SIDES, VOLUNTEER, World, later

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
CO = Role.COORDINATOR
JC = Role.JOBCENTRE_ORGANISER
EC = Role.EMPLOYER_CONTACT
EA = Role.ENTERPRISE_ADVISER
CL = Role.CAREERS_LEADER
LEAD = Role.LEAD
ADMIN = Role.ADMIN
SIGNED_IN = frozenset(ROLES)
ORGANISERS = frozenset({CO, JC})

Expect = Callable[[str, str], bool]


def rule(
    own: frozenset[str] | set[str] = frozenset(),
    anywhere: frozenset[str] | set[str] = frozenset(),
    *,
    lead: bool = False,
    admin: bool = True,
) -> Expect:
    """Allowed for ``own`` roles on their own side, ``anywhere`` roles on both sides, the lead
    too when ``lead`` (reading), and always for the administrator; never signed out."""

    def expect(role: str, side: str) -> bool:
        if role == ANONYMOUS:
            return False
        if (admin and role == ADMIN) or (lead and role == LEAD) or role in anywhere:
            return True
        return role in own and side == OWN

    return expect


@dataclass(frozen=True)
class Case:
    expect: Expect
    path: Callable[[World, str, str], str]
    method: str = "get"
    data: dict[str, Any] | Callable[[World, str, str], dict[str, Any]] | None = None
    follow: bool = False  # judge the page a redirect leads to (a shortcut to another page)
    sided: bool = True  # False: the URL names no object, so only one side is asked
    # For a POST whose refusal is a message, not a status: did it happen?
    happened: Callable[[World, str, str], bool] | None = None


def _r(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def _visit_at_fair(w: World, side: str) -> Any:
    """A visit scanned at the side's approved stand (made the first time it is asked for)."""
    from events.models import StandInteraction
    from events.services import registration_create

    fair, stand = w[side].fair, w[side].approved_stand
    found = StandInteraction.objects.filter(application=stand).first()
    if found is None:
        ticket = registration_create(
            event=fair,
            name=f"Visitor {side}",
            email=f"visitor-{side}@example.net",
            category="jobseeker",
            privacy_consent=True,
        ).tickets[0]
        found = StandInteraction.objects.create(application=stand, ticket=ticket)
    return found


def _fy() -> int:
    from django.utils import timezone

    return financial_year_of(timezone.localdate()).start.year


def _feed_for(w: World, role: str, side: str) -> CalendarFeed:
    if side == OTHER:
        return w[OTHER].feed  # type: ignore[return-value]
    feed, _created = CalendarFeed.objects.get_or_create(
        kind=CalendarFeed.Kind.USER, user=w.users[role]
    )
    return feed


def _feed_rotated(w: World, role: str, side: str) -> bool:
    feed = _feed_for(w, role, side)
    feed.refresh_from_db()
    return feed.token != _feed_tokens.get(feed.pk)


_feed_tokens: dict[int, str] = {}


def _adjustment_item(w: World, role: str, side: str) -> AdjustmentItem:
    event = w.event_for(role, side)
    registration = Registration.objects.filter(event=event).first() or RegistrationFactory(
        event=event
    )
    item, _created = AdjustmentItem.objects.get_or_create(
        registration=registration, event=event, adjustment="companion"
    )
    return item


def _registration_at(w: World, role: str, side: str) -> Registration:
    """A person registered (with a ticket) at the event the role organises on that side."""
    from events.services import registration_create

    event = w.event_for(role, side)
    email = f"table-{event.pk}@example.net"
    found = Registration.objects.filter(event=event, email=email).first()
    if found is None:
        found = registration_create(
            event=event,
            name="Table Person",
            email=email,
            category="jobseeker",
            privacy_consent=True,
        ).registration
    return found


def _registration_page(name: str, method: str = "get", **case: Any) -> Case:
    """One registration's page or action: the event's organisers only."""
    return Case(
        rule(own=ORGANISERS),
        lambda w, r, s: _r(name, w.event_for(r, s).pk, _registration_at(w, r, s).pk),
        method=method,
        **case,
    )


def _academy(w: World, side: str) -> Any:
    from engagement.models import SbwaAcademy

    academy, _created = SbwaAcademy.objects.get_or_create(
        jobcentre=w[side].jobcentre,
        provider="Permission table",
        defaults={"starts_on": date(2026, 1, 5), "places": 3},
    )
    return academy


def _participant(w: World, side: str) -> Any:
    from engagement.models import SbwaPlacement

    academy = _academy(w, side)
    participant, _created = SbwaPlacement.objects.get_or_create(
        academy=academy,
        defaults={"jobcentre": academy.jobcentre, "started_on": academy.starts_on},
    )
    return participant


def _stand_visit(w: World, side: str) -> Any:
    from events.models import StandInteraction

    visit, _created = StandInteraction.objects.get_or_create(
        application=w[side].approved_stand, ticket=w[side].ticket
    )
    return visit


# --- Staff pages (HTML) ---------------------------------------------------------------------------

PAGES: dict[str, Case] = {
    "account_security": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: _r("account_security"), sided=False
    ),
    # Schools register.
    "schools:list": Case(rule(anywhere=SIGNED_IN), lambda w, r, s: _r("schools:list"), sided=False),
    "schools:create": Case(rule(anywhere={CO}), lambda w, r, s: _r("schools:create"), sided=False),
    "schools:import": Case(rule(anywhere={CO}), lambda w, r, s: _r("schools:import"), sided=False),
    "schools:detail": Case(
        rule(own={CO, CL, EA}, lead=True), lambda w, r, s: _r("schools:detail", w[s].school.pk)
    ),
    "schools:edit": Case(rule(own={CO, CL}), lambda w, r, s: _r("schools:edit", w[s].school.pk)),
    "schools:assessment_add": Case(
        rule(own={CO, CL}), lambda w, r, s: _r("schools:assessment_add", w[s].school.pk)
    ),
    "schools:rolls_edit": Case(
        rule(own={CO, CL}), lambda w, r, s: _r("schools:rolls_edit", w[s].school.pk)
    ),
    # Employers and Enterprise Advisers register: the coordinators keep it county-wide.
    "employers:list": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: _r("employers:list"), sided=False
    ),
    "employers:create": Case(
        rule(anywhere={CO}), lambda w, r, s: _r("employers:create"), sided=False
    ),
    "employers:import": Case(
        rule(anywhere={CO}), lambda w, r, s: _r("employers:import"), sided=False
    ),
    "employers:detail": Case(
        rule(own={EC, EA}, anywhere={CO, JC}, lead=True),
        lambda w, r, s: _r("employers:detail", w[s].employer.pk),
    ),
    "employers:edit": Case(
        rule(own={EC}, anywhere={CO}), lambda w, r, s: _r("employers:edit", w[s].employer.pk)
    ),
    "employers:adviser_list": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: _r("employers:adviser_list"), sided=False
    ),
    "employers:adviser_create": Case(
        rule(anywhere={CO}), lambda w, r, s: _r("employers:adviser_create"), sided=False
    ),
    "employers:adviser_import": Case(
        rule(anywhere={CO}), lambda w, r, s: _r("employers:adviser_import"), sided=False
    ),
    "employers:adviser_detail": Case(
        rule(own={EA, EC}, anywhere={CO}, lead=True),
        lambda w, r, s: _r("employers:adviser_detail", w[s].adviser.pk),
    ),
    "employers:adviser_edit": Case(
        rule(own={EA}, anywhere={CO}), lambda w, r, s: _r("employers:adviser_edit", w[s].adviser.pk)
    ),
    # Calendars: anyone signed in subscribes; a personal address is rotated by its owner.
    "events:calendar_feeds": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: _r("events:calendar_feeds"), sided=False
    ),
    "events:calendar_feed_create": Case(
        rule(anywhere=SIGNED_IN),
        lambda w, r, s: _r("events:calendar_feed_create"),
        method="post",
        data={"kind": "user", "id": ""},
        sided=False,
    ),
    "events:calendar_feed_rotate": Case(
        rule(own=SIGNED_IN),
        lambda w, r, s: _r("events:calendar_feed_rotate", _feed_for(w, r, s).pk),
        method="post",
        happened=_feed_rotated,
    ),
    # Employer contacts and Careers Leaders act for their own employer or school. These pages
    # work as a member (their lists are "your employer's", "your school's"): an administrator
    # has none and acts through the organisers' pages and the Django admin instead.
    "events:fairs": Case(
        rule(anywhere={EC, CL}, admin=False), lambda w, r, s: _r("events:fairs"), sided=False
    ),
    "events:my_stands": Case(
        rule(anywhere={EC}, admin=False), lambda w, r, s: _r("events:my_stands"), sided=False
    ),
    "events:stand_withdraw": Case(
        rule(own={EC}, admin=False),
        lambda w, r, s: _r("events:stand_withdraw", w[s].pending["jc"].pk),
    ),
    "events:stand_vacancies": Case(
        rule(own={EC}, admin=False),
        lambda w, r, s: _r("events:stand_vacancies", w[s].pending["jc"].pk),
    ),
    "events:stand_apply": Case(
        rule(anywhere={EC}), lambda w, r, s: _r("events:stand_apply", w[s].jc_event.public_id)
    ),
    "events:group_book": Case(
        rule(anywhere={CL}, admin=False),
        lambda w, r, s: _r("events:group_book", w[s].hub_event.public_id),
    ),
    "events:group_booking": Case(
        rule(own={CL, CO}, lead=True),
        lambda w, r, s: _r("events:group_booking", w[s].group_booking.pk),
    ),
    # Changing a booking: its school's Careers Leaders and the event's organisers, never a reader.
    "events:group_booking_resize": Case(
        rule(own={CL, CO}),
        lambda w, r, s: _r("events:group_booking_resize", w[s].group_booking.pk),
    ),
    "events:group_booking_cancel": Case(
        rule(own={CL, CO}),
        lambda w, r, s: _r("events:group_booking_cancel", w[s].group_booking.pk),
    ),
    # Organisers' pages: their own events; the lead reads all but attendees' personal data.
    "events:manage_list": Case(
        rule(anywhere=ORGANISERS, lead=True), lambda w, r, s: _r("events:manage_list"), sided=False
    ),
    "events:create": Case(
        rule(anywhere=ORGANISERS), lambda w, r, s: _r("events:create"), sided=False
    ),
    "events:dashboard": Case(
        rule(own=ORGANISERS, lead=True),
        lambda w, r, s: _r("events:dashboard", w.event_for(r, s).pk),
    ),
    "events:edit": Case(
        rule(own=ORGANISERS), lambda w, r, s: _r("events:edit", w.event_for(r, s).pk)
    ),
    "events:copy": Case(
        rule(own=ORGANISERS), lambda w, r, s: _r("events:copy", w.event_for(r, s).pk)
    ),
    "events:publish": Case(
        rule(own=ORGANISERS),
        lambda w, r, s: _r("events:publish", w.draft_for(r, s).pk),
        method="post",
    ),
    "events:cancel": Case(
        rule(own=ORGANISERS), lambda w, r, s: _r("events:cancel", w.event_for(r, s).pk)
    ),
    "events:registration_list": Case(
        rule(own=ORGANISERS), lambda w, r, s: _r("events:registration_list", w.event_for(r, s).pk)
    ),
    "events:registration_manage": _registration_page("events:registration_manage"),
    "events:registration_cancel": _registration_page("events:registration_cancel"),
    "events:registration_adjustments": _registration_page("events:registration_adjustments"),
    "events:registration_promote": _registration_page("events:registration_promote"),
    "events:registration_resend": _registration_page("events:registration_resend", "post"),
    "events:registration_admit": _registration_page(
        "events:registration_admit",
        "post",
        data=lambda w, r, s: {"ticket": _registration_at(w, r, s).tickets.get().pk},
    ),
    "events:group_messages": Case(
        rule(own=ORGANISERS), lambda w, r, s: _r("events:group_messages", w.event_for(r, s).pk)
    ),
    "events:registration_export": Case(
        rule(own=ORGANISERS),
        lambda w, r, s: _r("events:registration_export", w.event_for(r, s).pk, "csv"),
    ),
    "events:stand_list": Case(
        rule(own=ORGANISERS, lead=True),
        lambda w, r, s: _r("events:stand_list", w.event_for(r, s).pk),
    ),
    "events:stand_export": Case(
        rule(own=ORGANISERS, lead=True),
        lambda w, r, s: _r("events:stand_export", w.event_for(r, s).pk, "csv"),
    ),
    "events:stand_approve": Case(
        rule(own=ORGANISERS),
        lambda w, r, s: _r("events:stand_approve", w.pending_for(r, s).pk),
        method="post",
    ),
    # Correcting attendance: the fair's organisers only (a lead reads figures, not people).
    "events:corrections": Case(
        rule(own={JC}), lambda w, r, s: _r("events:corrections", w[s].fair.pk)
    ),
    "events:correction_admission": Case(
        rule(own={JC}),
        lambda w, r, s: _r("events:correction_admission", w[s].jc_event.pk, w[s].ticket.pk),
    ),
    "events:correction_visit": Case(
        rule(own={JC}),
        lambda w, r, s: _r("events:correction_visit", w[s].fair.pk, _visit_at_fair(w, s).pk),
    ),
    # Whether the employer came, on the stand list: the fair's organisers (volunteers use the API).
    # The adjustments checklist: the fair's organisers change it; leads read it.
    "events:adjustments": Case(
        rule(own=ORGANISERS, lead=True),
        lambda w, r, s: _r("events:adjustments", w.event_for(r, s).pk),
    ),
    "events:adjustment_update": Case(
        rule(own=ORGANISERS),
        lambda w, r, s: _r("events:adjustment_update", _adjustment_item(w, r, s).pk),
        method="post",
        data={"status": "arranged"},
    ),
    "events:stand_presence": Case(
        rule(own={JC}),
        lambda w, r, s: _r("events:stand_presence", w[s].approved_stand.pk),
        method="post",
        data={"presence": "present"},
    ),
    "events:stand_decline": Case(
        rule(own=ORGANISERS),
        lambda w, r, s: _r("events:stand_decline", w.pending_for(r, s).pk),
        method="post",
    ),
    "events:programme_current": Case(
        rule(anywhere=ORGANISERS, lead=True),
        lambda w, r, s: _r("events:programme_current"),
        follow=True,
        sided=False,
    ),
    "events:programme": Case(
        rule(anywhere=ORGANISERS, lead=True),
        lambda w, r, s: _r("events:programme", _fy()),
        sided=False,
    ),
    # The door.
    "door:stand_scanner": Case(
        rule(own={EC}), lambda w, r, s: _r("door:stand_scanner", w[s].approved_stand.pk)
    ),
    "door:scanner": Case(
        rule(own={*ORGANISERS, VOLUNTEER}), lambda w, r, s: _r("door:scanner", w.event_for(r, s).pk)
    ),
    "door:scanners": Case(
        rule(own=ORGANISERS), lambda w, r, s: _r("door:scanners", w.event_for(r, s).pk)
    ),
    "door:scanner_remove": Case(
        rule(own=ORGANISERS),
        lambda w, r, s: _r("door:scanner_remove", w.event_for(r, s).pk, w.scanner_for(r, s).pk),
        method="post",
    ),
    "door:badges": Case(
        rule(own=ORGANISERS), lambda w, r, s: _r("door:badges", w.event_for(r, s).pk)
    ),
    "door:stand_badges": Case(
        rule(own=ORGANISERS), lambda w, r, s: _r("door:stand_badges", w.event_for(r, s).pk)
    ),
    # Matching: a coordinator's own hub; the lead reads.
    "matching": Case(rule(anywhere={CO}, lead=True), lambda w, r, s: _r("matching"), sided=False),
    "matching-round": Case(
        rule(own={CO}, lead=True), lambda w, r, s: _r("matching-round", w[s].round.pk)
    ),
    "proposal-swap": Case(
        rule(own={CO}),
        lambda w, r, s: _r("proposal-swap", w[s].round.pk),
        method="post",
        data={"first": "", "second": ""},
    ),
    "proposal-accept": Case(
        rule(own={CO}), lambda w, r, s: _r("proposal-accept", w[s].proposal.pk), method="post"
    ),
    "proposal-reject": Case(
        rule(own={CO}), lambda w, r, s: _r("proposal-reject", w[s].proposal.pk)
    ),
    "matching-weights": Case(rule(own={CO}), lambda w, r, s: _r("matching-weights", w[s].hub.pk)),
    "matches": Case(rule(anywhere=SIGNED_IN), lambda w, r, s: _r("matches"), sided=False),
    "match-end": Case(rule(own={CO}), lambda w, r, s: _r("match-end", w[s].match.pk)),
    # Dashboards: each role its own scope; the county, districts and snapshots are the lead's.
    "dashboard:mine": Case(
        rule(anywhere=SIGNED_IN - {VOLUNTEER}), lambda w, r, s: _r("dashboard:mine"), sided=False
    ),
    "dashboard:county": Case(rule(lead=True), lambda w, r, s: _r("dashboard:county"), sided=False),
    "dashboard:reach-csv": Case(
        rule(lead=True), lambda w, r, s: _r("dashboard:reach-csv"), sided=False
    ),
    "dashboard:district": Case(
        rule(lead=True), lambda w, r, s: _r("dashboard:district", w.district.pk), sided=False
    ),
    "dashboard:hub": Case(
        rule(own={CO}, lead=True), lambda w, r, s: _r("dashboard:hub", w[s].hub.pk)
    ),
    "dashboard:jobcentre": Case(
        rule(own={JC}, lead=True), lambda w, r, s: _r("dashboard:jobcentre", w[s].jobcentre.pk)
    ),
    "dashboard:placement-new": Case(
        rule(own={JC}), lambda w, r, s: _r("dashboard:placement-new", w[s].jobcentre.pk)
    ),
    "dashboard:academy-new": Case(
        rule(own={JC}), lambda w, r, s: _r("dashboard:academy-new", w[s].jobcentre.pk)
    ),
    "dashboard:academy": Case(
        rule(own={JC}), lambda w, r, s: _r("dashboard:academy", _academy(w, s).pk)
    ),
    "dashboard:academy-participant": Case(
        rule(own={JC}),
        lambda w, r, s: _r(
            "dashboard:academy-participant", _academy(w, s).pk, _participant(w, s).pk
        ),
    ),
    # What a stand led to: the employer's contacts and the fair's organisers (its Jobcentre).
    "outcomes:my-visitors": Case(
        rule(own={EC, JC}), lambda w, r, s: _r("outcomes:my-visitors", w[s].approved_stand.pk)
    ),
    "outcomes:my-visitors-export": Case(
        rule(own={EC, JC}),
        lambda w, r, s: _r("outcomes:my-visitors-export", w[s].approved_stand.pk, "csv"),
    ),
    "outcomes:day-count": Case(
        rule(own={EC, JC}), lambda w, r, s: _r("outcomes:day-count", w[s].approved_stand.pk)
    ),
    "outcomes:return": Case(
        rule(own={EC, JC}), lambda w, r, s: _r("outcomes:return", w[s].approved_stand.pk)
    ),
    "outcomes:visit-outcome": Case(
        rule(own={EC, JC}), lambda w, r, s: _r("outcomes:visit-outcome", _stand_visit(w, s).pk)
    ),
    "dashboard:school": Case(
        rule(own={CO, CL, EA}, lead=True), lambda w, r, s: _r("dashboard:school", w[s].school.pk)
    ),
    "dashboard:encounter-new": Case(
        rule(own={CO, CL}), lambda w, r, s: _r("dashboard:encounter-new", w[s].school.pk)
    ),
    "dashboard:encounter-import": Case(
        rule(anywhere={CO, CL}), lambda w, r, s: _r("dashboard:encounter-import"), sided=False
    ),
    "dashboard:encounter-import-template": Case(
        rule(anywhere={CO, CL}),
        lambda w, r, s: _r("dashboard:encounter-import-template"),
        sided=False,
    ),
    "dashboard:employer": Case(
        rule(own={EC, EA}, anywhere={CO, JC}, lead=True),
        lambda w, r, s: _r("dashboard:employer", w[s].employer.pk),
    ),
    "dashboard:event-facts": Case(
        rule(own=ORGANISERS), lambda w, r, s: _r("dashboard:event-facts", w.event_for(r, s).pk)
    ),
    "dashboard:measures": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: _r("dashboard:measures"), sided=False
    ),
    "dashboard:measure-target": Case(
        rule(lead=True), lambda w, r, s: _r("dashboard:measure-target", w.measure_code), sided=False
    ),
    "dashboard:snapshots": Case(
        rule(lead=True), lambda w, r, s: _r("dashboard:snapshots"), sided=False
    ),
    # Reported figures: anyone signed in reads them; a lead enters, imports and downloads them.
    "dashboard:reported": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: _r("dashboard:reported"), sided=False
    ),
    "dashboard:reported-new": Case(
        rule(lead=True), lambda w, r, s: _r("dashboard:reported-new"), sided=False
    ),
    "dashboard:reported-import": Case(
        rule(lead=True), lambda w, r, s: _r("dashboard:reported-import"), sided=False
    ),
    "dashboard:reported-import-template": Case(
        rule(lead=True), lambda w, r, s: _r("dashboard:reported-import-template"), sided=False
    ),
    "dashboard:measures-export": Case(
        rule(lead=True), lambda w, r, s: _r("dashboard:measures-export"), sided=False
    ),
    "dashboard:snapshot-freeze": Case(
        rule(lead=True),
        lambda w, r, s: _r("dashboard:snapshot-freeze"),
        method="post",
        sided=False,
    ),
    "dashboard:snapshot": Case(
        rule(lead=True), lambda w, r, s: _r("dashboard:snapshot", w.snapshot_day), sided=False
    ),
    # The audit log is the administrators'; attendees' data requests are handled by organisers,
    # leads and administrators, the retention period set by a lead.
    "audit:list": Case(rule(), lambda w, r, s: _r("audit:list"), sided=False),
    "privacy:search": Case(
        rule(anywhere=ORGANISERS, lead=True), lambda w, r, s: _r("privacy:search"), sided=False
    ),
    "privacy:download": Case(
        rule(anywhere=ORGANISERS, lead=True),
        lambda w, r, s: _r("privacy:download"),
        method="post",
        sided=False,
    ),
    "privacy:erase": Case(
        rule(anywhere=ORGANISERS, lead=True),
        lambda w, r, s: _r("privacy:erase"),
        method="post",
        sided=False,
    ),
    "privacy:retention": Case(
        rule(lead=True), lambda w, r, s: _r("privacy:retention"), sided=False
    ),
    # A forum's record: its Jobcentre's organisers keep it; the lead reads it and downloads the
    # county's barrier themes.
    "forums:records": Case(
        rule(anywhere=ORGANISERS), lambda w, r, s: _r("forums:records"), sided=False
    ),
    "forums:record": Case(
        rule(own={JC}, lead=True), lambda w, r, s: _r("forums:record", w[s].forum.pk)
    ),
    "forums:participation": Case(
        rule(own={JC}), lambda w, r, s: _r("forums:participation", w[s].forum.pk)
    ),
    "forums:barrier_add": Case(
        rule(own={JC}), lambda w, r, s: _r("forums:barrier_add", w[s].forum.pk)
    ),
    "forums:barrier": Case(
        rule(own={JC}),
        lambda w, r, s: _r("forums:barrier", w[s].forum.pk, w[s].forum_barrier.pk),
    ),
    "forums:barrier_delete": Case(
        rule(own={JC}),
        lambda w, r, s: _r("forums:barrier_delete", w[s].forum.pk, w[s].forum_barrier.pk),
        method="post",
    ),
    "forums:no_barriers": Case(
        rule(own={JC}), lambda w, r, s: _r("forums:no_barriers", w[s].forum.pk), method="post"
    ),
    "forums:action_add": Case(
        rule(own={JC}), lambda w, r, s: _r("forums:action_add", w[s].forum.pk)
    ),
    "forums:action": Case(
        rule(own={JC}), lambda w, r, s: _r("forums:action", w[s].forum.pk, w[s].forum_action.pk)
    ),
    "forums:action_status": Case(
        rule(own={JC}),
        lambda w, r, s: _r("forums:action_status", w[s].forum.pk, w[s].forum_action.pk),
    ),
    "forums:publish": Case(
        rule(own={JC}), lambda w, r, s: _r("forums:publish", w[s].forum.pk), method="post"
    ),
    "dashboard:forums-export": Case(
        rule(lead=True), lambda w, r, s: _r("dashboard:forums-export", "themes"), sided=False
    ),
    # Exports are narrowed to the encounters the user may see (checked below), open to all.
    "engagement-export": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: _r("engagement-export"), sided=False
    ),
}

# Reached without an account by design (public pages, tickets by their secret token, sign-in
# and two-factor machinery from allauth, the API's schema and docs) or by Django's own admin.
PUBLIC_OR_FRAMEWORK = {
    "home",
    "healthz",
    "accessibility",
    "privacy",
    "set_language",
    "account_confirm_login_code",
    "mfa_activate_totp",
    "admin-login",
    "events:list",
    "events:event_calendar",
    "events:calendar_feed",
    "events:detail",
    "events:registered",
    "events:event_calendar_public",
    "opportunities:list",
    "opportunities:csv",
    "tickets:detail",
    "tickets:qr",
    "tickets:pdf",
    "tickets:cancel",
    "tickets:find",
    "tickets:find_sent",
    "tickets:waiting",
    "tickets:waiting_leave",
    "tickets:offer_claim",
    "forums:county",
    "forums:jobcentre",
    # Server to server: GOV.UK Notify's delivery receipts, by bearer token (tests/notifications).
    "notifications:delivery_receipt",
    "notifications:opt_out",
    "feedback:answer",
    "api-schema",
    "api-docs",
    # The door app's service worker and manifest: code and icons, nothing about anyone.
    "door:service_worker",
    "door:manifest",
    # The employer's return by the e-mailed link: the signed token is the permission.
    "outcomes:return-by-link",
}
FRAMEWORK_MODULES = ("allauth.", "django.contrib.admin")


def _url_names(patterns: list[Any], namespace: str | None = None) -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or None
            full = ":".join(n for n in (namespace, inner) if n) or None
            yield from _url_names(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield name, pattern.callback.__module__


def test_every_staff_page_is_in_the_table() -> None:
    missing = sorted(
        name
        for name, module in _url_names(get_resolver().url_patterns)
        if not module.startswith(FRAMEWORK_MODULES)
        and not name.startswith("admin:")
        and name not in PUBLIC_OR_FRAMEWORK
        and not module.startswith(("api.", "rest_framework."))
        and name not in PAGES
    )
    assert missing == [], f"pages with no row in the permission table: {missing}"


def _login_redirect(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _page_allowed(response: Any) -> bool | None:
    """True if the page was served (or the action done), False if refused, None if neither."""
    code = response.status_code
    if any(
        url.startswith("/accounts/login/") for url, _ in getattr(response, "redirect_chain", [])
    ):
        return False
    # 400: the page was served and answered the (empty) form with its errors.
    if code in (200, 201, 400) or (code in (301, 302, 303) and not _login_redirect(response)):
        return True
    if code in (403, 404) or _login_redirect(response):
        return False
    return None


@pytest.fixture(scope="module")
def page_clients(world: World, django_db_blocker) -> dict[str, Client]:
    clients = {ANONYMOUS: Client()}
    with django_db_blocker.unblock():
        for role in ROLES:
            client = Client()
            client.force_login(world.users[role])
            clients[role] = client
    return clients


def _data(case: Case, world: World, role: str, side: str) -> dict[str, Any]:
    return case.data(world, role, side) if callable(case.data) else dict(case.data or {})


def _ask(client: Any, case: Case, path: str, data: dict[str, Any], **extra: Any) -> Any:
    """One request, undone afterwards, so one role's action never changes the next one's."""
    with transaction.atomic():
        response = getattr(client, case.method)(path, data, follow=case.follow, **extra)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("name", sorted(PAGES))
def test_staff_page_permissions(name: str, world: World, page_clients: dict[str, Client]) -> None:
    case = PAGES[name]
    wrong = []
    for role in (*ROLES, ANONYMOUS):
        for side in SIDES if case.sided else (OWN,):
            path_role = CO if role == ANONYMOUS else role
            path = case.path(world, path_role, side)
            expected = case.expect(role, side)
            if case.happened is not None and role != ANONYMOUS:
                for feed in CalendarFeed.objects.all():
                    _feed_tokens[feed.pk] = feed.token
                with transaction.atomic():
                    response = page_clients[role].post(path)
                    got = _page_allowed(response) and case.happened(world, path_role, side)
                    transaction.set_rollback(True)
            else:
                data = _data(case, world, path_role, side)
                response = _ask(page_clients[role], case, path, data)
                got = _page_allowed(response)
            if got is not expected:
                wrong.append(
                    f"{role}/{side}: expected {'allowed' if expected else 'refused'}, "
                    f"got {response.status_code} {response.get('Location', '')}"
                )
    assert wrong == [], f"{case.method.upper()} {name}:\n" + "\n".join(wrong)


# --- The API --------------------------------------------------------------------------------------


def _event(w: World, r: str, s: str) -> int:
    return w.event_for(r, s).pk


API: dict[str, Case] = {
    "GET /api/v1/audit/": Case(rule(), lambda w, r, s: "/api/v1/audit/", sided=False),
    "GET /api/v1/me/": Case(rule(anywhere=SIGNED_IN), lambda w, r, s: "/api/v1/me/", sided=False),
    "GET /api/v1/engagement/summary/": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: "/api/v1/engagement/summary/", sided=False
    ),
    "GET /api/v1/engagement/reach/": Case(
        rule(lead=True), lambda w, r, s: "/api/v1/engagement/reach/", sided=False
    ),
    "GET /api/v1/engagement/feedback/": Case(
        rule(lead=True), lambda w, r, s: "/api/v1/engagement/feedback/", sided=False
    ),
    "GET /api/v1/engagement/reported-values/": Case(
        rule(anywhere=SIGNED_IN),
        lambda w, r, s: "/api/v1/engagement/reported-values/",
        sided=False,
    ),
    "POST /api/v1/engagement/reported-values/": Case(
        rule(lead=True),
        lambda w, r, s: "/api/v1/engagement/reported-values/",
        method="post",
        data={
            "measure": "participation-16-17",
            "period": "2025-26",
            "value": "98.1",
            "source": "DfE participation table",
        },
        sided=False,
    ),
    # Events: published ones are read by anyone signed in; their organisers change them.
    "GET /api/v1/events/": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: "/api/v1/events/", sided=False
    ),
    "POST /api/v1/events/": Case(
        rule(anywhere=ORGANISERS), lambda w, r, s: "/api/v1/events/", method="post", sided=False
    ),
    "GET /api/v1/events/{id}/": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: f"/api/v1/events/{_event(w, r, s)}/"
    ),
    "PATCH /api/v1/events/{id}/": Case(
        rule(own=ORGANISERS),
        lambda w, r, s: f"/api/v1/events/{_event(w, r, s)}/",
        method="patch",
        data={"title": "A new title"},
    ),
    "POST /api/v1/events/{id}/publish/": Case(
        rule(own=ORGANISERS),
        lambda w, r, s: f"/api/v1/events/{w.draft_for(r, s).pk}/publish/",
        method="post",
    ),
    "POST /api/v1/events/{id}/cancel/": Case(
        rule(own=ORGANISERS),
        lambda w, r, s: f"/api/v1/events/{_event(w, r, s)}/cancel/",
        method="post",
        data={"reason": "The hall flooded."},
    ),
    "POST /api/v1/events/{id}/complete/": Case(
        rule(own=ORGANISERS),
        lambda w, r, s: f"/api/v1/events/{_event(w, r, s)}/complete/",
        method="post",
    ),
    # The public registration needs no account at all.
    "POST /api/v1/events/{id}/registrations/": Case(
        lambda role, side: True,
        lambda w, r, s: f"/api/v1/events/{_event(w, r, s)}/registrations/",
        method="post",
        data={
            "name": "Sam Walker",
            "email": "sam@example.net",
            "category": "jobseeker",
            "privacy_consent": True,
        },
    ),
    # Who registered is personal data: the event's organisers only.
    "GET /api/v1/events/{id}/registrations/": Case(
        rule(own=ORGANISERS), lambda w, r, s: f"/api/v1/events/{_event(w, r, s)}/registrations/"
    ),
    "POST /api/v1/events/{id}/employer-registrations/": Case(
        rule(anywhere={EC}),
        lambda w, r, s: f"/api/v1/events/{_event(w, r, s)}/employer-registrations/",
        method="post",
        data={"representatives": 1},
    ),
    "GET /api/v1/events/{id}/employer-registrations/": Case(
        rule(own=ORGANISERS, lead=True),
        lambda w, r, s: f"/api/v1/events/{_event(w, r, s)}/employer-registrations/",
    ),
    "GET /api/v1/employer-registrations/": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: "/api/v1/employer-registrations/", sided=False
    ),
    "GET /api/v1/employer-registrations/{id}/": Case(
        rule(own={EC, *ORGANISERS}, lead=True),
        lambda w, r, s: f"/api/v1/employer-registrations/{w.pending_for(r, s).pk}/",
    ),
    "POST /api/v1/employer-registrations/{id}/approve/": Case(
        rule(own=ORGANISERS),
        lambda w, r, s: f"/api/v1/employer-registrations/{w.pending_for(r, s).pk}/approve/",
        method="post",
    ),
    "POST /api/v1/employer-registrations/{id}/decline/": Case(
        rule(own=ORGANISERS),
        lambda w, r, s: f"/api/v1/employer-registrations/{w.pending_for(r, s).pk}/decline/",
        method="post",
    ),
    "POST /api/v1/employer-registrations/{id}/presence/": Case(
        rule(own={JC}),
        lambda w, r, s: f"/api/v1/employer-registrations/{w[s].approved_stand.pk}/presence/",
        method="post",
        data={"presence": "present"},
    ),
    "POST /api/v1/events/{event_id}/attendance-corrections/": Case(
        rule(own={JC}),
        lambda w, r, s: f"/api/v1/events/{w[s].fair.pk}/attendance-corrections/",
        method="post",
        data={
            "correction": "admission",
            "reason": "",
        },  # refused for want of a reason, or of the right
    ),
    "POST /api/v1/employer-registrations/{id}/withdraw/": Case(
        rule(own={EC}),
        lambda w, r, s: f"/api/v1/employer-registrations/{w.pending_for(r, s).pk}/withdraw/",
        method="post",
    ),
    "PUT /api/v1/employer-registrations/{id}/vacancies/": Case(
        rule(own={EC}),
        lambda w, r, s: f"/api/v1/employer-registrations/{w.pending_for(r, s).pk}/vacancies/",
        method="put",
        data=lambda w, r, s: [],  # type: ignore[arg-type,return-value]
    ),
    # The open feed of vacancies needs no account.
    "GET /api/v1/opportunities/": Case(
        lambda role, side: True, lambda w, r, s: "/api/v1/opportunities/", sided=False
    ),
    # Registers.
    "GET /api/v1/hubs/": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: "/api/v1/hubs/", sided=False
    ),
    "GET /api/v1/hubs/{id}/": Case(
        rule(own={CO, CL}, lead=True), lambda w, r, s: f"/api/v1/hubs/{w[s].hub.pk}/"
    ),
    "GET /api/v1/schools/": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: "/api/v1/schools/", sided=False
    ),
    "GET /api/v1/schools/{id}/": Case(
        rule(own={CO, CL, EA}, lead=True), lambda w, r, s: f"/api/v1/schools/{w[s].school.pk}/"
    ),
    "GET /api/v1/employers/": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: "/api/v1/employers/", sided=False
    ),
    "GET /api/v1/employers/{id}/": Case(
        rule(own={EC, EA}, anywhere={CO, JC}, lead=True),
        lambda w, r, s: f"/api/v1/employers/{w[s].employer.pk}/",
    ),
    "GET /api/v1/advisers/": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: "/api/v1/advisers/", sided=False
    ),
    "GET /api/v1/advisers/{id}/": Case(
        rule(own={EA, EC}, anywhere={CO}, lead=True),
        lambda w, r, s: f"/api/v1/advisers/{w[s].adviser.pk}/",
    ),
    # Matching.
    "GET /api/v1/matching-rounds/": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: "/api/v1/matching-rounds/", sided=False
    ),
    "POST /api/v1/matching-rounds/": Case(
        rule(own={CO}),
        lambda w, r, s: "/api/v1/matching-rounds/",
        method="post",
        data=lambda w, r, s: {"hub": w[s].hub.pk, "starts_on": later()[:10]},
    ),
    "GET /api/v1/matching-rounds/{id}/": Case(
        rule(own={CO}, lead=True), lambda w, r, s: f"/api/v1/matching-rounds/{w[s].round.pk}/"
    ),
    "POST /api/v1/matching-rounds/{id}/swap/": Case(
        rule(own={CO}),
        lambda w, r, s: f"/api/v1/matching-rounds/{w[s].round.pk}/swap/",
        method="post",
        data=lambda w, r, s: {"first": w[s].proposal.pk, "second": w[s].proposal.pk},
    ),
    "GET /api/v1/match-proposals/{id}/": Case(
        rule(own={CO}, lead=True), lambda w, r, s: f"/api/v1/match-proposals/{w[s].proposal.pk}/"
    ),
    "POST /api/v1/match-proposals/{id}/accept/": Case(
        rule(own={CO}),
        lambda w, r, s: f"/api/v1/match-proposals/{w[s].proposal.pk}/accept/",
        method="post",
    ),
    "POST /api/v1/match-proposals/{id}/reject/": Case(
        rule(own={CO}),
        lambda w, r, s: f"/api/v1/match-proposals/{w[s].proposal.pk}/reject/",
        method="post",
    ),
    "GET /api/v1/matches/": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: "/api/v1/matches/", sided=False
    ),
    "GET /api/v1/matches/{id}/": Case(
        rule(own={CO, CL, EA, EC}, lead=True), lambda w, r, s: f"/api/v1/matches/{w[s].match.pk}/"
    ),
    "POST /api/v1/matches/{id}/end/": Case(
        rule(own={CO}),
        lambda w, r, s: f"/api/v1/matches/{w[s].match.pk}/end/",
        method="post",
        data={"reason": "school_request"},
    ),
    "GET /api/v1/matching-weights/{hub}/": Case(
        rule(own={CO}, lead=True), lambda w, r, s: f"/api/v1/matching-weights/{w[s].hub.pk}/"
    ),
    "PATCH /api/v1/matching-weights/{hub}/": Case(
        rule(own={CO}),
        lambda w, r, s: f"/api/v1/matching-weights/{w[s].hub.pk}/",
        method="patch",
        data={"distance": 4},
    ),
    # The door: the event's organisers and the volunteers they authorised for it.
    "POST /api/v1/checkins/": Case(
        rule(own={*ORGANISERS, VOLUNTEER}),
        lambda w, r, s: "/api/v1/checkins/",
        method="post",
        data=lambda w, r, s: {"token": w.ticket_for(r, s).token, "event": _event(w, r, s)},
    ),
    "GET /api/v1/events/{event_id}/door/tickets/": Case(
        rule(own={*ORGANISERS, VOLUNTEER}),
        lambda w, r, s: f"/api/v1/events/{_event(w, r, s)}/door/tickets/",
    ),
    "GET /api/v1/events/{event_id}/door/sync/": Case(
        rule(own={*ORGANISERS, VOLUNTEER}),
        lambda w, r, s: f"/api/v1/events/{_event(w, r, s)}/door/sync/",
    ),
    "GET /api/v1/events/{event_id}/door/scans/": Case(
        rule(own={*ORGANISERS, VOLUNTEER}),
        lambda w, r, s: f"/api/v1/events/{_event(w, r, s)}/door/scans/",
    ),
    "GET /api/v1/events/{event_id}/door/search/": Case(
        rule(own={*ORGANISERS, VOLUNTEER}),
        lambda w, r, s: f"/api/v1/events/{_event(w, r, s)}/door/search/?q=Jobseeker",
    ),
    "POST /api/v1/events/{event_id}/door/walk-ins/": Case(
        rule(own={*ORGANISERS, VOLUNTEER}),
        lambda w, r, s: f"/api/v1/events/{_event(w, r, s)}/door/walk-ins/",
        method="post",
        data={"name": "Walk In", "category": "jobseeker", "privacy_told": True},
    ),
    # Forum records: the forum's organisers (their own), the lead and administrators.
    "GET /api/v1/forum-records/": Case(
        rule(anywhere=SIGNED_IN), lambda w, r, s: "/api/v1/forum-records/", sided=False
    ),
    "GET /api/v1/forum-records/{event_id}/": Case(
        rule(own={JC}, lead=True), lambda w, r, s: f"/api/v1/forum-records/{w[s].forum.pk}/"
    ),
    # A stand's visits: the employer's own contacts.
    "POST /api/v1/stands/{application_id}/visits/": Case(
        rule(own={EC}),
        lambda w, r, s: f"/api/v1/stands/{w[s].approved_stand.pk}/visits/",
        method="post",
        data=lambda w, r, s: {"token": w[s].ticket.token},
    ),
    # What a stand led to: the employer's contacts and the fair's organisers (its Jobcentre).
    "GET /api/v1/stands/{application_id}/visits/{visit_id}/outcome/": Case(
        rule(own={EC, JC}),
        lambda w, r, s: (
            f"/api/v1/stands/{w[s].approved_stand.pk}/visits/{_stand_visit(w, s).pk}/outcome/"
        ),
    ),
    "PUT /api/v1/stands/{application_id}/visits/{visit_id}/outcome/": Case(
        rule(own={EC, JC}),
        lambda w, r, s: (
            f"/api/v1/stands/{w[s].approved_stand.pk}/visits/{_stand_visit(w, s).pk}/outcome/"
        ),
        method="put",
        data={"visitor_agreed": True, "interview_offered": True},
    ),
    "PUT /api/v1/stands/{application_id}/not-scanned/": Case(
        rule(own={EC, JC}),
        lambda w, r, s: f"/api/v1/stands/{w[s].approved_stand.pk}/not-scanned/",
        method="put",
        data={"unscanned_visitors": 2, "unscanned_interviews_offered": 1},
    ),
    "GET /api/v1/stands/{application_id}/return/": Case(
        rule(own={EC, JC}),
        lambda w, r, s: f"/api/v1/stands/{w[s].approved_stand.pk}/return/",
    ),
    "PUT /api/v1/stands/{application_id}/return/": Case(
        rule(own={EC, JC}),
        lambda w, r, s: f"/api/v1/stands/{w[s].approved_stand.pk}/return/",
        method="put",
        data={
            "interviews_offered": 2,
            "interviews_held": 1,
            "job_offers": 1,
            "job_starts": 1,
            "apprenticeship_starts": 0,
        },
    ),
}


def _schema_operations() -> set[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_every_api_operation_is_in_the_table() -> None:
    operations = _schema_operations()
    assert sorted(operations - set(API)) == [], "API operations with no row in the table"
    assert sorted(set(API) - operations) == [], "rows for API operations that no longer exist"


def _api_allowed(response: Any) -> bool | None:
    code = response.status_code
    if code in (401, 403, 404):
        return False
    if 200 <= code < 500 and code != 405:
        return True
    return None


@pytest.fixture(scope="module")
def api_clients(world: World) -> dict[str, APIClient]:
    clients = {ANONYMOUS: APIClient()}
    for role in ROLES:
        client = APIClient()
        client.force_authenticate(world.users[role])
        clients[role] = client
    return clients


@pytest.mark.parametrize("operation", sorted(API))
def test_api_permissions(operation: str, world: World, api_clients: dict[str, APIClient]) -> None:
    case = API[operation]
    wrong = []
    for role in (*ROLES, ANONYMOUS):
        for side in SIDES if case.sided else (OWN,):
            path_role = CO if role == ANONYMOUS else role
            path = case.path(world, path_role, side)
            data = _data(case, world, path_role, side)
            response = _ask(api_clients[role], case, path, data, format="json")
            got = _api_allowed(response)
            if got is not case.expect(role, side):
                body = getattr(response, "data", None)
                wrong.append(
                    f"{role}/{side}: expected {'allowed' if case.expect(role, side) else 'refused'}"
                    f", got {response.status_code} {str(body)[:160]}"
                )
    assert wrong == [], f"{operation}:\n" + "\n".join(wrong)


# --- Nothing leaks: every list holds exactly the rows the role may see ----------------------------


def _both(w: World, attribute: str) -> set[int]:
    return {getattr(w[side], attribute).pk for side in SIDES}


def _expected_rows(w: World, listing: str, role: str) -> set[int]:
    a = w[OWN]
    everything = role in (LEAD, ADMIN)
    if listing == "schools":
        if everything:
            return set(School.objects.values_list("pk", flat=True))
        return {
            CO: set(School.objects.filter(hub=a.hub).values_list("pk", flat=True)),
            CL: {a.school.pk},
            EA: {a.school.pk},  # the school they are matched with
        }.get(role, set())
    if listing == "hubs":
        return _both(w, "hub") if everything else {a.hub.pk} if role in (CO, CL) else set()
    if listing == "employers":
        if everything or role in (CO, JC):
            return _both(w, "employer")
        return {a.employer.pk} if role in (EC, EA) else set()
    if listing == "advisers":
        if everything or role == CO:
            return _both(w, "adviser")
        return {a.adviser.pk} if role in (EC, EA) else set()
    if listing == "matches":
        return (
            _both(w, "match") if everything else {a.match.pk} if role in (CO, CL, EA, EC) else set()
        )
    if listing == "matching-rounds":
        return _both(w, "round") if everything else {a.round.pk} if role == CO else set()
    if listing == "employer-registrations":
        if everything:
            return set(StandApplication.objects.values_list("pk", flat=True))
        return {
            EC: {a.pending["jc"].pk, a.pending["hub"].pk, a.approved_stand.pk},
            CO: {a.pending["hub"].pk},
            JC: {a.pending["jc"].pk, a.approved_stand.pk},
        }.get(role, set())
    if listing == "events":
        published = {
            getattr(w[side], name).pk
            for side in SIDES
            for name in ("jc_event", "fair", "hub_event", "forum")
        }
        if everything:
            return published | _both(w, "jc_draft") | _both(w, "hub_draft")
        return published | {CO: {a.hub_draft.pk}, JC: {a.jc_draft.pk}}.get(role, set())
    raise AssertionError(listing)


LISTINGS = [
    "schools",
    "hubs",
    "employers",
    "advisers",
    "matches",
    "matching-rounds",
    "employer-registrations",
    "events",
]


@pytest.mark.parametrize("role", ROLES)
def test_api_lists_hold_only_rows_the_role_may_see(
    role: str, world: World, api_clients: dict[str, APIClient]
) -> None:
    wrong = {}
    for listing in LISTINGS:
        response = api_clients[role].get(f"/api/v1/{listing}/", {"page_size": 500})
        assert response.status_code == 200, (listing, response.status_code)
        body = response.json()
        rows = body["results"] if isinstance(body, dict) else body
        got = {row["id"] for row in rows}
        expected = _expected_rows(world, listing, role)
        if got != expected:
            wrong[listing] = {"leaked": sorted(got - expected), "missing": sorted(expected - got)}
    assert wrong == {}, f"{role}: {wrong}"


# Encounters each role may count (DESIGN.md; engagement.encounter_scope's rule): per side there is
# a school encounter (the hub's school, the employer) and a Jobcentre fair encounter (employer).
EXPECTED_ENCOUNTERS = {CO: 1, CL: 1, EA: 1, EC: 2, JC: 1, LEAD: 4, ADMIN: 4, VOLUNTEER: 0}


@pytest.mark.parametrize("role", ROLES)
def test_engagement_summary_counts_only_what_the_role_may_see(
    role: str, world: World, api_clients: dict[str, APIClient]
) -> None:
    response = api_clients[role].get("/api/v1/engagement/summary/")
    assert response.status_code == 200
    totals = response.json()["totals"]
    counted = totals["employer_encounters"] + totals["provider_encounters"]
    assert counted == EXPECTED_ENCOUNTERS[role]
    export = page_client_for(world, role).get(_r("engagement-export"), {"format": "csv"})
    content = b"".join(export.streaming_content) if export.streaming else export.content
    assert export.status_code == 200
    if role not in (LEAD, ADMIN):
        assert b"Bravo" not in content, f"{role}'s export shows the other side's rows"


def page_client_for(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


# Pages listing rows: the other side's must not show for roles limited to their own.
PAGE_LISTS = {
    "schools:list": ("School Bravo", {CO, CL, EA, EC, JC, VOLUNTEER}),
    "employers:list": ("Employer Bravo", {EC, EA, CL, VOLUNTEER}),
    "employers:adviser_list": ("Adviser Bravo", {EC, EA, CL, JC, VOLUNTEER}),
    "matches": ("Bravo", {CO, CL, EA, EC, JC, VOLUNTEER}),
    "events:manage_list": ("Draft jobs fair Bravo", {CO, JC}),
    "events:my_stands": ("Bravo", {EC}),
}


@pytest.mark.parametrize("name", sorted(PAGE_LISTS))
def test_list_pages_hide_the_other_side(name: str, world: World) -> None:
    other, roles = PAGE_LISTS[name]
    for role in sorted(roles):
        response = page_client_for(world, role).get(_r(name))
        if response.status_code == 200:
            assert other not in response.content.decode(), f"{role} sees {other} on {name}"
    lead_page = page_client_for(world, LEAD).get(_r(name))
    if name not in ("events:my_stands",):
        assert other in lead_page.content.decode(), f"the lead should see {other} on {name}"
