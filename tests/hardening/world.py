"""A small county with two of every kind of organisation, for the permission table and the fuzzer.

Side "own" (A) is where every test user belongs: Hub Alpha, Jobcentre Alpha, Employer Alpha,
School Alpha, Partner Alpha. Side "other" (B) mirrors it with "Bravo" in every name, so a page
that shows "Bravo" to a side-A user outside what its role may see has leaked it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import Membership, Organisation, OrganisationKind, Role, User
from employers.models import EnterpriseAdviser
from engagement.models import Encounter, Match, MatchingRound, MatchProposal, Measure
from engagement.snapshots import measures_freeze
from events import services
from events.models import (
    CalendarFeed,
    Event,
    EventKind,
    ForumAction,
    ForumBarrier,
    ForumRecord,
    ScannerAssignment,
    Venue,
)
from events.services import stands
from tests.factories import (
    DistrictFactory,
    EmployerFactory,
    EnterpriseAdviserFactory,
    EventFactory,
    HubFactory,
    JobcentreVenueFactory,
    OrganisationFactory,
    SchoolFactory,
    UserFactory,
    VenueFactory,
    YearGroupRollFactory,
    in_days_at,
)

VOLUNTEER = "door_volunteer"  # no role: a scanner the organiser authorised for one event
ROLES: tuple[str, ...] = (*Role.values, VOLUNTEER)
OWN, OTHER = "own", "other"
SIDES = (OWN, OTHER)
WORD = {OWN: "Alpha", OTHER: "Bravo"}


@dataclass
class Side:
    hub: Any = None
    school: Any = None
    jobcentre: Organisation | None = None
    partner: Organisation | None = None
    employer: Any = None
    adviser: Any = None
    jc_event: Event | None = None
    hub_event: Event | None = None
    jc_draft: Event | None = None
    hub_draft: Event | None = None
    fair: Event | None = None  # a jobs fair where the employer's stand is approved
    pending: dict[str, Any] = field(default_factory=dict)  # "jc"/"hub" -> pending stand
    approved_stand: Any = None
    ticket: Any = None
    group_ticket: Any = None
    group_booking: Any = None
    scanners: dict[str, Any] = field(default_factory=dict)  # "jc"/"hub" -> ScannerAssignment
    round: MatchingRound | None = None
    proposal: MatchProposal | None = None
    match: Match | None = None
    feed: CalendarFeed | None = None
    encounters: list[Encounter] = field(default_factory=list)
    forum: Event | None = None  # a Voice of the Customer forum held, with its record
    forum_barrier: Any = None
    forum_action: Any = None


@dataclass
class World:
    users: dict[str, User]
    sides: dict[str, Side]
    district: Any
    measure_code: str
    snapshot_day: str

    def __getitem__(self, side: str) -> Side:
        return self.sides[side]

    def event_for(self, role: str, side: str) -> Event:
        """The event a role would run: a coordinator's hub's, everyone else's Jobcentre's."""
        s = self.sides[side]
        return s.hub_event if role == Role.COORDINATOR else s.jc_event  # type: ignore[return-value]

    def draft_for(self, role: str, side: str) -> Event:
        s = self.sides[side]
        return s.hub_draft if role == Role.COORDINATOR else s.jc_draft  # type: ignore[return-value]

    def pending_for(self, role: str, side: str) -> Any:
        return self.sides[side].pending["hub" if role == Role.COORDINATOR else "jc"]

    def ticket_for(self, role: str, side: str) -> Any:
        s = self.sides[side]
        return s.group_ticket if role == Role.COORDINATOR else s.ticket

    def scanner_for(self, role: str, side: str) -> Any:
        return self.sides[side].scanners["hub" if role == Role.COORDINATOR else "jc"]


def _member(role: str, organisation: Organisation | None, email: str) -> User:
    user = UserFactory(email=email, full_name=f"Test {role}")
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def build_world() -> World:
    admin_builder = UserFactory(email="builder@example.org", is_superuser=True)
    district = DistrictFactory(name="Stevenage")
    sides: dict[str, Side] = {}
    for side in SIDES:
        word = WORD[side]
        s = Side()
        s.hub = HubFactory(name=f"Hub {word}")
        s.school = SchoolFactory(name=f"School {word}", hub=s.hub, district=district)
        YearGroupRollFactory(school=s.school, year_group=9, pupils=150)
        venue = JobcentreVenueFactory(name=f"Jobcentre {word}", district=district)
        s.jobcentre = venue.organisation
        s.partner = OrganisationFactory(name=f"Partner {word}", kind=OrganisationKind.PARTNER)
        s.employer = EmployerFactory(name=f"Employer {word} Ltd", district=district)
        s.adviser = EnterpriseAdviserFactory(
            user=UserFactory(email=f"adviser-{side}@example.org", full_name=f"Adviser {word}"),
            employer=s.employer,
            capacity=2,
        )
        hall = VenueFactory(name=f"Hall {word}", district=district, kind=Venue.Kind.COMMUNITY)
        s.jc_event = EventFactory(title=f"Jobs fair {word}", venue=venue)
        s.fair = EventFactory(title=f"Stand fair {word}", venue=venue)
        s.hub_event = EventFactory(
            title=f"Careers fair {word}",
            kind=EventKind.CAREERS_FAIR,
            venue=hall,
            organiser=s.hub.organisation,
            audiences=["pupils", "employers"],
        )
        s.jc_draft = EventFactory(
            title=f"Draft jobs fair {word}", venue=venue, status=Event.Status.DRAFT
        )
        s.hub_draft = EventFactory(
            title=f"Draft careers fair {word}",
            kind=EventKind.CAREERS_FAIR,
            venue=hall,
            organiser=s.hub.organisation,
            status=Event.Status.DRAFT,
        )
        for key, event in (("jc", s.jc_event), ("hub", s.hub_event)):
            s.pending[key] = stands.stand_apply(
                event=event, employer=s.employer, by=admin_builder, representatives=1
            )
        s.approved_stand = stands.stand_approve(
            application=stands.stand_apply(
                event=s.fair, employer=s.employer, by=admin_builder, representatives=1
            ),
            by=admin_builder,
        )
        s.ticket = services.registration_create(
            event=s.jc_event,
            name=f"Jobseeker {word}",
            email=f"jobseeker-{side}@example.net",
            category="jobseeker",
            privacy_consent=True,
            consent_contact_employers=True,
        ).tickets[0]
        booked = services.group_booking_create(
            event=s.hub_event,
            school=s.school,
            year_group=9,
            group_size=3,
            by=admin_builder,
            privacy_consent=True,
        )
        s.group_booking, s.group_ticket = booked.registration, booked.tickets[0]
        volunteer = UserFactory(email=f"volunteer-{side}@example.org")
        for key, event in (("jc", s.jc_event), ("hub", s.hub_event)):
            s.scanners[key] = ScannerAssignment.objects.create(
                event=event, user=volunteer, created_by=admin_builder
            )
        s.round = MatchingRound.objects.create(
            hub=s.hub, starts_on=timezone.localdate(), created_by=admin_builder
        )
        second_school = SchoolFactory(name=f"Second school {word}", hub=s.hub, district=district)
        s.proposal = MatchProposal.objects.create(
            round=s.round, school=second_school, adviser=s.adviser, score=1.0, parts=[]
        )
        s.match = Match.objects.create(
            school=s.school, adviser=s.adviser, started_on=timezone.localdate() - timedelta(days=30)
        )
        s.feed = CalendarFeed.objects.create(
            kind=CalendarFeed.Kind.USER, user=UserFactory(email=f"feed-{side}@example.org")
        )
        today = timezone.localdate()
        s.encounters = [
            Encounter.objects.create(
                kind="employer_talk",
                source="recorded",
                source_key=f"hardening:school:{side}",
                occurred_on=today,
                audience="pupils",
                people=30,
                school=s.school,
                hub=s.hub,
                district=district,
                year_group=9,
                employer=s.employer,
                meaningful=True,
            ),
            Encounter.objects.create(
                kind="jobs_fair",
                source="recorded",
                source_key=f"hardening:jobcentre:{side}",
                occurred_on=today,
                audience="jobseekers",
                people=12,
                jobcentre=s.jobcentre,
                district=district,
                employer=s.employer,
            ),
        ]
        s.forum = EventFactory(
            title=f"Forum {word}",
            kind=EventKind.VOICE_OF_THE_CUSTOMER_FORUM,
            venue=venue,
            starts_at=in_days_at(-10),
            ends_at=in_days_at(-10, 12),
            status=Event.Status.COMPLETED,
        )
        record = ForumRecord.objects.create(event=s.forum, participants=6)
        s.forum_barrier = ForumBarrier.objects.create(
            record=record, theme="transport", description=f"Buses {word}"
        )
        s.forum_action = ForumAction.objects.create(
            record=record,
            barrier=s.forum_barrier,
            description=f"Ask about buses {word}",
            owner_organisation=s.jobcentre,
            due_on=today + timedelta(days=30),
        )
        sides[side] = s

    a = sides[OWN]
    organisations = {
        Role.COORDINATOR: a.hub.organisation,
        Role.JOBCENTRE_ORGANISER: a.jobcentre,
        Role.EMPLOYER_CONTACT: a.employer.organisation,
        Role.ENTERPRISE_ADVISER: a.employer.organisation,
        Role.CAREERS_LEADER: a.school.organisation,
        Role.LEAD: a.partner,
        Role.ADMIN: a.partner,
    }
    users = {role: _member(role, org, f"{role}@example.org") for role, org in organisations.items()}
    # The Enterprise Adviser user is the side-A adviser itself.
    adviser_user = users[Role.ENTERPRISE_ADVISER]
    EnterpriseAdviser.objects.filter(pk=a.adviser.pk).update(user=adviser_user)
    a.adviser.user = adviser_user
    users[VOLUNTEER] = a.scanners["jc"].user
    frozen = measures_freeze(by=admin_builder)
    assert frozen, "the snapshot pages need at least one frozen figure"
    return World(
        users=users,
        sides=sides,
        district=district,
        measure_code=Measure.objects.order_by("code").values_list("code", flat=True)[0],
        snapshot_day=timezone.localdate().isoformat(),
    )


def later(days: int = 30) -> str:
    return in_days_at(days).isoformat()
